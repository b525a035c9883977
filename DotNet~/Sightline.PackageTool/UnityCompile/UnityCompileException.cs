using System;

namespace Sightline.PackageTool.UnityCompile
{
    /// <summary>The package cannot be set up for compilation (a bad asmdef, a missing reference folder); the message says what and where.</summary>
    public sealed class UnityCompileException : Exception
    {
        public UnityCompileException(string message) : base(message) { }
    }
}
