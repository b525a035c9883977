using System;
using System.Collections.Generic;
using Google.Protobuf;
using Sightline.Onnx.Proto;
using Sightline.Classification;
using Sightline.Model;
using Sightline.Randomness;
using Sightline.Reliability.Fuzzing;

namespace Sightline.Onnx
{
    /// <summary>
    /// <see cref="OnnxImporter.Read(byte[], string, OnnxImportOptions?)"/> (what Load does after reading the file).
    /// Seeds: our own exports of a tiny two-tower network with LRN, labels and a mean image, and of a one-tower
    /// network without LRN with per-channel normalisation.
    /// </summary>
    public sealed class OnnxFuzzTarget : FuzzTarget
    {
        static readonly Type[] Expected = { typeof(OnnxImportException) };

        public override string Name => "onnx";
        public override string Description => "ONNX models through OnnxImporter.Read";
        public override IReadOnlyList<Type> ExpectedExceptions => Expected;

        protected override IReadOnlyList<byte[]> CreateSeeds()
        {
            var twoTowers = new NetworkSpec("fuzz", 3, 64, 0.05f, 2, true);
            var oneTower = new NetworkSpec("fuzz", 3, 64, 0.05f, 1, false);
            var meanImage = new float[3 * 64 * 64];
            for (int i = 0; i < meanImage.Length; i++) meanImage[i] = (i % 251) / 251f;
            return new[]
            {
                OnnxExporter.ToBytes(new TrainedModel(twoTowers, Weights(twoTowers), new[] { "cube", "sphere", "cone" }, InputNormalization.MeanImage(meanImage, 64)), "fuzz"),
                OnnxExporter.ToBytes(new TrainedModel(oneTower, Weights(oneTower), null, InputNormalization.PerChannel(0.4f, 0.5f, 0.6f)), "fuzz"),
            };
        }

        static float[] Weights(NetworkSpec spec)
        {
            var random = new SeededRandom(11);
            var weights = new float[spec.ParameterCount];
            for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextGaussian() * 0.01);
            return weights;
        }

        public override void Run(byte[] input, string path) => OnnxImporter.Read(input, path);

        /// <summary>Half the time, one to three graph-level mutations (<see cref="OnnxStructureMutator"/>) of the still-parseable model.</summary>
        public override byte[] Prepare(byte[] mutated, SeededRandom random, List<string>? log)
        {
            if (random.NextBool()) return mutated;
            ModelProto model;
            try
            {
                model = ModelProto.Parser.ParseFrom(mutated);
            }
            catch (InvalidProtocolBufferException)
            {
                return mutated;
            }
            var lines = log ?? new List<string>();
            int rounds = 1 + random.NextInt(3);
            for (int r = 0; r < rounds; r++) OnnxStructureMutator.Mutate(model, random, lines);
            return model.ToByteArray();
        }
    }
}
