#nullable enable
using System.IO;
using UnityEditor.Build;
using UnityEditor.Build.Reporting;
using UnityEditor.UnityLinker;

namespace Sightline.Editor.Build
{
    /// <summary>
    /// Gives the Unity linker Sightline's link.xml (Sightline.Onnx.Proto.LinkerPreservation): Unity reads link.xml
    /// files only from Assets/, never from a package, so a package supplies its own through this callback.
    /// </summary>
    public sealed class LinkerPreservation : IUnityLinkerProcessor
    {
        public int callbackOrder => 0;

        public string GenerateAdditionalLinkXmlFile(BuildReport report, UnityLinkerBuildPipelineData data)
        {
            // Temp/ is the project's scratch folder (relative paths are taken from the project folder).
            string path = Path.GetFullPath(Path.Combine("Temp", "Sightline", "link.xml"));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, Sightline.Onnx.Proto.LinkerPreservation.LinkXml);
            return path;
        }
    }
}
