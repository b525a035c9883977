using System;
using System.Collections.Generic;
using System.IO;
using Sightline.Model;
using Sightline.Model.Files;
using Sightline.Randomness;

namespace Sightline.Reliability.Fuzzing
{
    /// <summary>
    /// <see cref="TrainedModelFile.Load"/> of model files of tiny networks. Like checkpoints, most cases get their
    /// header's length and SHA-256 rewritten (<see cref="CheckpointFuzzTarget.RehashPayload"/>: the same container)
    /// so the MessagePack reader and the model's checks behind the checksum get fuzzed too.
    /// </summary>
    public sealed class ModelFileFuzzTarget : FuzzTarget
    {
        static readonly Type[] Expected = { typeof(ModelFileException) };

        public override string Name => "model";
        public override string Description => "model files through TrainedModelFile.Load";
        public override IReadOnlyList<Type> ExpectedExceptions => Expected;

        protected override IReadOnlyList<byte[]> CreateSeeds()
        {
            var seeds = new List<byte[]>();
            for (int variant = 0; variant < 2; variant++)
            {
                var spec = CheckpointFuzzTarget.TinySpec(variant == 0 ? 2 : 1);
                var random = new SeededRandom(13);
                var parameters = new float[spec.ParameterCount];
                for (int i = 0; i < parameters.Length; i++) parameters[i] = (float)(random.NextGaussian() * 0.01);
                var normalization = variant == 0 ? InputNormalization.TorchvisionImageNet : InputNormalization.PerChannel(120f, 110f, 100f);
                seeds.Add(TrainedModelFile.ToBytes(new TrainedModel(spec, parameters, variant == 0 ? new[] { "cube", "sphere", "cone" } : null, normalization)));
            }
            return seeds;
        }

        public override void Run(byte[] input, string path)
        {
            File.WriteAllBytes(path, input);
            TrainedModelFile.Load(path);
        }

        /// <summary>Three times in four, makes the header's payload length and SHA-256 match the (mutated) payload.</summary>
        public override byte[] Prepare(byte[] mutated, SeededRandom random, List<string>? log)
        {
            if (random.NextInt(4) == 0) return mutated;
            log?.Add("rewrite the header's payload length and SHA-256");
            return CheckpointFuzzTarget.RehashPayload(mutated);
        }
    }
}
