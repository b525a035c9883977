using System.Runtime.CompilerServices;

// The .NET build declares this in the csproj; Unity compiles only the sources, so the tests (which check the engine
// plan, parameter segments, block inputs and kernel arguments directly) need it here too.
#if !SIGHTLINE_DOTNET
[assembly: InternalsVisibleTo("Sightline.Tests")]
[assembly: InternalsVisibleTo("Sightline.Diagnostics")]
#endif
