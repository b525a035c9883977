using System;
using System.Collections.Generic;

namespace Sightline.Reliability.Fuzzing
{
    /// <summary>The fuzz targets of Sightline.Core (the ONNX importer's target lives in Sightline.Onnx).</summary>
    public static class FuzzTargets
    {
        public static IReadOnlyList<FuzzTarget> Core() => new FuzzTarget[] { new ImageFuzzTarget(), new ManifestFuzzTarget(), new CheckpointFuzzTarget(), new ModelFileFuzzTarget() };

        /// <summary>The target called <paramref name="name"/> among <paramref name="targets"/> (case-insensitive), or null.</summary>
        public static FuzzTarget? Find(IReadOnlyList<FuzzTarget> targets, string name)
        {
            foreach (var target in targets)
                if (string.Equals(target.Name, name, StringComparison.OrdinalIgnoreCase)) return target;
            return null;
        }
    }
}
