namespace Sightline.Onnx
{
    /// <summary>
    /// The Unity package that brings ONNX Runtime into a Unity project, and what to tell a user when it is absent.
    /// In Unity, Sightline.Onnx compiles its ONNX Runtime engine only when this package is installed (its asmdef's
    /// versionDefines set <see cref="Symbol"/>); the .NET build defines the symbol itself and uses NuGet's packages.
    /// Engine-free, so the message can be tested without Unity or ONNX Runtime.
    /// </summary>
    public static class OnnxRuntimePackage
    {
        /// <summary>The UPM package (compiles ONNX Runtime's C# API into the assembly of the same name).</summary>
        public const string Name = "com.github.asus4.onnxruntime";
        /// <summary>The version Sightline is built and checked against.</summary>
        public const string Version = "0.4.9";
        /// <summary>The scoped registry that serves it, and the scope to add there.</summary>
        public const string RegistryUrl = "https://registry.npmjs.com";
        public const string Scope = "com.github.asus4";
        /// <summary>Optional CUDA execution providers (same registry, same version).</summary>
        public const string LinuxGpuName = "com.github.asus4.onnxruntime.linux-x64-gpu";
        public const string WindowsGpuName = "com.github.asus4.onnxruntime.win-x64-gpu";
        /// <summary>The scripting symbol Sightline.Onnx's versionDefines set when <see cref="Name"/> is installed.</summary>
        public const string Symbol = "SIGHTLINE_ONNXRUNTIME";

        /// <summary>
        /// Why the ONNX Runtime engine cannot run in this build, with the two steps that install it: what the
        /// classifier's Auto engine records before falling back to the CPU engine.
        /// </summary>
        public static string AbsentReason =>
            $"ONNX Runtime is not installed in this project ({Name} is missing, so Sightline.Onnx was compiled without {Symbol}). " +
            $"To use it, add a scoped registry in Packages/manifest.json (url {RegistryUrl}, scope {Scope}) and the dependency \"{Name}\": \"{Version}\" " +
            "(Documentation~/install.md, step 2)";
    }
}
