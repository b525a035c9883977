using System;
using System.Collections.Generic;
using Sightline.Data;

namespace Sightline.Reliability.Fuzzing
{
    /// <summary><see cref="ManifestFile.Read"/> of dataset.msgpack. Seeds: an empty manifest and ones with frames with and without camera poses.</summary>
    public sealed class ManifestFuzzTarget : FuzzTarget
    {
        static readonly Type[] Expected = { typeof(DatasetException) };

        public override string Name => "manifest";
        public override string Description => "dataset.msgpack through ManifestFile.Read";
        public override IReadOnlyList<Type> ExpectedExceptions => Expected;

        protected override IReadOnlyList<byte[]> CreateSeeds()
        {
            var empty = new DatasetManifest();
            empty.Labels.Add("cube");

            var full = new DatasetManifest();
            full.Labels.Add("cube");
            full.Labels.Add("sphere");
            full.Labels.Add("unused");
            for (int i = 0; i < 4; i++)
            {
                string label = i % 2 == 0 ? "cube" : "sphere";
                var frame = new FrameRecord($"{label}-{i:D4}", label, $"{DatasetLayout.FramesFolder}/{label}/{i:D4}.png")
                {
                    Split = (DatasetSplit)(i % 3),
                    Source = i == 0 ? "import" : "render",
                    Scene = "scene " + i,
                    Time = i * 0.5,
                    CapturedUtcTicks = 638000000000000000L + i,
                    Width = 256,
                    Height = 256,
                };
                if (i % 2 == 1) frame.Pose = new CameraPose(i, 2f, -3f, 0f, 0.7071f, 0f, 0.7071f, 60f);
                full.Frames.Add(frame);
            }
            return new[] { ManifestFile.Serialize(empty), ManifestFile.Serialize(full) };
        }

        public override void Run(byte[] input, string path)
        {
            System.IO.File.WriteAllBytes(path, input);
            ManifestFile.Read(path);
        }
    }
}
