using System.IO;
using UnityEditor.Build;
using UnityEditor.Build.Reporting;
using UnityEditor.UnityLinker;

namespace Sightline.Editor.Build
{
    /// <summary>
    /// Hands the package's Runtime/link.xml to the Unity linker in every player build. Unity 2022.3 collects link.xml
    /// files only under Assets/ (AssemblyStripper.GetUserBlacklistFiles) plus what IUnityLinkerProcessor callbacks
    /// return, so a package's own file needs this callback.
    /// </summary>
    public sealed class LinkXmlProvider : IUnityLinkerProcessor
    {
        /// <summary>The file in Unity's package path scheme; Path.GetFullPath resolves it wherever the package is installed.</summary>
        public const string PackagePath = "Packages/com.sightline.alexnet/Runtime/link.xml";

        public int callbackOrder => 0;

        public string GenerateAdditionalLinkXmlFile(BuildReport report, UnityLinkerBuildPipelineData data) => Path.GetFullPath(PackagePath);
    }
}
