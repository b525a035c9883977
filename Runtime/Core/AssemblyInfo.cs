using System.Runtime.CompilerServices;

// The .NET build declares these in the csproj; Unity compiles only the sources, so the assemblies that use Core's
// internals (the CUDA and ONNX engines, training, diagnostics and the tests) need them here too.
#if !SIGHTLINE_DOTNET
[assembly: InternalsVisibleTo("Sightline.Tests")]
[assembly: InternalsVisibleTo("Sightline.Cuda")]
[assembly: InternalsVisibleTo("Sightline.Onnx")]
[assembly: InternalsVisibleTo("Sightline.Training")]
[assembly: InternalsVisibleTo("Sightline.Diagnostics")]
#endif
