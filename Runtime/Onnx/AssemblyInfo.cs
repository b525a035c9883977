using System.Runtime.CompilerServices;

// The .NET build declares these in the csproj; Unity compiles only the sources, so the tests (which build foreign
// ONNX graphs with the internal GraphBuilder) need them here too.
#if !SIGHTLINE_DOTNET
[assembly: InternalsVisibleTo("Sightline.Tests")]
[assembly: InternalsVisibleTo("Sightline.Diagnostics")]
#endif
