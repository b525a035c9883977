#nullable enable
using System;

namespace Sightline.Editor.Import
{
    /// <summary>What the package does with an imported .onnx file (engine-free, so it is tested outside Unity).</summary>
    public enum OnnxImportAction
    {
        /// <summary>Leave the file alone: its importer was chosen by the user, or it is not an .onnx file.</summary>
        Leave = 0,
        /// <summary>Nobody else imports .onnx here: choose the Sightline importer for this file.</summary>
        ChooseSightline = 1,
        /// <summary>Another package (Sentis, Barracuda) imports it: say once how to choose Sightline's importer instead.</summary>
        ExplainChoice = 2,
    }

    /// <summary>
    /// Decides per .onnx file: the Sightline importer claims .onnx only as an override extension, so Unity's default
    /// for the file is another package's importer when one is installed, else Unity's plain DefaultImporter.
    /// </summary>
    public static class OnnxImportPolicy
    {
        /// <param name="path">The asset path.</param>
        /// <param name="overrideImporter">The importer chosen for the file (AssetDatabase.GetImporterOverride), or null.</param>
        /// <param name="defaultIsScripted">Whether Unity's default importer for the file is a ScriptedImporter, which
        /// means another package claims .onnx.</param>
        /// <param name="otherOnnxPackage">True when a package known to import .onnx (Sentis, Barracuda) is installed.</param>
        public static OnnxImportAction Decide(string path, Type? overrideImporter, bool defaultIsScripted, bool otherOnnxPackage)
        {
            if (path == null || !path.EndsWith("." + SightlineModelImporter.OnnxExtension, StringComparison.OrdinalIgnoreCase)) return OnnxImportAction.Leave;
            if (overrideImporter != null) return OnnxImportAction.Leave;
            return defaultIsScripted || otherOnnxPackage ? OnnxImportAction.ExplainChoice : OnnxImportAction.ChooseSightline;
        }
    }
}
