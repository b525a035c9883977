using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using MessagePack;
using Sightline.Data;
using Sightline.Model;
using Sightline.Model.Files;
using Sightline.Randomness;
using Sightline.Training;
using Sightline.Training.Checkpoints;
using Sightline.Training.Metrics;

namespace Sightline.Reliability.Fuzzing
{
    /// <summary>
    /// <see cref="CheckpointFile.Load"/> of a checkpoint for a tiny network. Most mutations would only ever meet the
    /// SHA-256 check, so <see cref="Prepare"/> usually rewrites the header's length and hash to match the mutated
    /// payload: the MessagePack reader and the consistency checks behind it get fuzzed too.
    /// </summary>
    public sealed class CheckpointFuzzTarget : FuzzTarget
    {
        static readonly Type[] Expected = { typeof(CheckpointException) };

        public override string Name => "checkpoint";
        public override string Description => "checkpoint files through CheckpointFile.Load";
        public override IReadOnlyList<Type> ExpectedExceptions => Expected;

        /// <summary>The smallest AlexNet the geometry allows, so each seed is a few kilobytes.</summary>
        public static NetworkSpec TinySpec(int towers = 2) => new NetworkSpec("fuzz", 3, 64, 0.05f, towers, towers == 2);

        protected override IReadOnlyList<byte[]> CreateSeeds()
        {
            var seeds = new List<byte[]>();
            string folder = Path.Combine(Path.GetTempPath(), "sightline-fuzz-seeds-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                for (int variant = 0; variant < 3; variant++)
                {
                    // The third has explicit layer widths (how imported networks are stored).
                    var spec = variant == 2 ? new NetworkSpec("fuzz", 3, 64, new[] { 8, 16, 16, 16, 16, 32, 32 }, 1, false) : TinySpec(variant == 0 ? 2 : 1);
                    var random = new SeededRandom(7);
                    var parameters = new float[spec.ParameterCount];
                    for (int i = 0; i < parameters.Length; i++) parameters[i] = (float)(random.NextGaussian() * 0.01);
                    var normalization = variant == 0 ? InputNormalization.FromScale(new[] { 120f, 115f, 100f }, 0, new[] { 0.02f, 0.02f, 0.02f }) : InputNormalization.None;
                    var state = new TrainingState
                    {
                        Step = 42,
                        Epoch = 3,
                        BatchInEpoch = 5,
                        DropoutSeed = 99,
                        Engine = "cpu",
                    };
                    if (variant == 0)
                    {
                        state.Momentum = new float[parameters.Length];
                        state.PcaEigenvalues = new[] { 0.2f, 0.02f, 0.002f };
                        state.PcaEigenvectors = new float[9];
                        state.RandomStates = new Dictionary<string, ulong[]> { { "data", random.GetState() }, { "augment", random.GetState() } };
                        state.Settings = new TrainingSettings { Epochs = 10, BatchSize = 8, StepEpochs = new[] { 3, 6 } };
                        state.History = new List<EpochMetrics> { new EpochMetrics { Epoch = 1, TrainLoss = 1.1, ValidationLoss = 1.2 } };
                    }
                    var checkpoint = new Checkpoint(new TrainedModel(spec, parameters, new[] { "cube", "sphere", "cone" }, normalization), state);
                    string file = Path.Combine(folder, $"seed{variant}{CheckpointFile.Extension}");
                    CheckpointFile.Save(file, checkpoint);
                    seeds.Add(File.ReadAllBytes(file));
                }
                seeds.Add(Format010Seed(seeds[0]));
            }
            finally
            {
                try { Directory.Delete(folder, true); }
                catch (IOException) { }
            }
            return seeds;
        }

        // A checkpoint as 0.1.0 wrote it (format 1: one flat map, the mean image at the stored size), behind the
        // header of a current file with its version set to 1, so the reader of old files is fuzzed too.
        static byte[] Format010Seed(byte[] current)
        {
            var spec = TinySpec();
            var buffer = new ArrayBufferWriter<byte>();
            var writer = new MessagePackWriter(buffer);
            writer.WriteMapHeader(8);
            writer.Write("spec"); NetworkSpecFormatter.Instance.Serialize(ref writer, spec, DataFormatterResolver.Options);
            writer.Write("parameters"); PackedArrays.WriteFloats(ref writer, new float[spec.ParameterCount]);
            writer.Write("momentum"); PackedArrays.WriteFloats(ref writer, new float[spec.ParameterCount]);
            writer.Write("step"); writer.Write(7L);
            writer.Write("labels"); PackedArrays.WriteStrings(ref writer, new[] { "cube", "sphere", "cone" });
            writer.Write("meanImage"); PackedArrays.WriteFloats(ref writer, new float[3 * 66 * 66]);
            writer.Write("meanImageSize"); writer.Write(66);
            writer.Write("inputScale"); writer.Write(0.02f);
            writer.Flush();
            var bytes = new byte[CheckpointFile.HeaderSize + buffer.WrittenCount];
            current.AsSpan(0, CheckpointFile.HeaderSize).CopyTo(bytes);
            bytes[8] = 1;
            buffer.WrittenSpan.CopyTo(bytes.AsSpan(CheckpointFile.HeaderSize));
            return RehashPayload(bytes);
        }

        public override void Run(byte[] input, string path)
        {
            File.WriteAllBytes(path, input);
            CheckpointFile.Load(path);
        }

        /// <summary>Three times in four, makes the header's payload length and SHA-256 match the (mutated) payload.</summary>
        public override byte[] Prepare(byte[] mutated, SeededRandom random, List<string>? log)
        {
            if (random.NextInt(4) == 0) return mutated;
            log?.Add("rewrite the header's payload length and SHA-256");
            return RehashPayload(mutated);
        }

        /// <summary>A copy whose header's payload length and SHA-256 describe the bytes after the header.</summary>
        public static byte[] RehashPayload(byte[] mutated)
        {
            if (mutated.Length < CheckpointFile.HeaderSize) return mutated;
            var output = (byte[])mutated.Clone();
            long length = output.Length - CheckpointFile.HeaderSize;
            for (int i = 0; i < 8; i++) output[16 + i] = (byte)(length >> (8 * i));
            using (var sha = SHA256.Create())
                sha.ComputeHash(output, CheckpointFile.HeaderSize, (int)length).CopyTo(output, 24);
            return output;
        }
    }
}
