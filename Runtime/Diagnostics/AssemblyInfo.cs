using System.Runtime.CompilerServices;

// The .NET build declares this in the csproj; Unity compiles only the sources, so the tests (which drive the fuzz
// mutators and the GPU checks' internals) need it here too.
#if !SIGHTLINE_DOTNET
[assembly: InternalsVisibleTo("Sightline.Tests")]
#endif
