using System.Runtime.CompilerServices;

// The .NET build declares these in the csproj; Unity compiles only the sources, so the tests and the diagnostics (the
// fuzz targets drive the frame cache and the decoder) need them here too.
#if !SIGHTLINE_DOTNET
[assembly: InternalsVisibleTo("Sightline.Tests")]
[assembly: InternalsVisibleTo("Sightline.Diagnostics")]
#endif
