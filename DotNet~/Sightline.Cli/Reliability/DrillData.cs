using System;
using System.IO;
using System.Linq;
using Sightline.Capture;
using Sightline.Data;
using Sightline.Imaging;
using Sightline.Model;
using Sightline.Randomness;
using Sightline.Training;

namespace Sightline.Cli.Reliability
{
    /// <summary>What the in-process drills train and classify: a small three-class dataset and a tiny AlexNet.</summary>
    public static class DrillData
    {
        public static readonly string[] Labels = { "label0", "label1", "label2" };

        /// <summary>A tiny AlexNet (64x64 input, an eighth of the width): a training step takes milliseconds on one core.</summary>
        public static NetworkSpec TinySpec() => new NetworkSpec("tiny", Labels.Length, 64, 0.125f, 2, true, true, 0.5f, InitScheme.He);

        public static TrainingSettings Settings(int epochs, int checkpointEvery = 0) =>
            new TrainingSettings { Epochs = epochs, BatchSize = 8, LearningRate = 0.01f, Seed = 5, CheckpointEverySteps = checkpointEvery };

        /// <summary>
        /// Writes <paramref name="perClass"/> frames per label into a Sightline dataset (through the crash-safe
        /// writer): stripes whose direction and period depend on the label, in seeded random colours.
        /// </summary>
        public static string WriteDataset(string folder, int perClass, ulong seed, int size = 32)
        {
            var random = new SeededRandom(seed);
            using var writer = DatasetWriter.Open(folder);
            for (int i = 0; i < perClass; i++)
                for (int c = 0; c < Labels.Length; c++)
                    writer.Write(Frame(c, size, random), Labels[c], Details(i % 10 == 9 ? DatasetSplit.Validation : DatasetSplit.Train));
            return folder;
        }

        /// <summary>A frame of label <paramref name="label"/>'s pattern (its name is <see cref="Labels"/>[label]).</summary>
        public static Frame Frame(int label, int size, SeededRandom random)
        {
            var pixels = new byte[size * size * 3];
            byte[] on = { Byte(random), Byte(random), Byte(random) };
            byte[] off = { Byte(random), Byte(random), Byte(random) };
            int period = 4 + (int)(random.NextUInt64() % 4);
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    bool lit = label == 0 ? (x % period < 2 && y % period < 2) : label == 1 ? y % period < period / 2 : x % period < period / 2;
                    var colour = lit ? on : off;
                    int at = (y * size + x) * 3;
                    pixels[at] = colour[0];
                    pixels[at + 1] = colour[1];
                    pixels[at + 2] = colour[2];
                }
            return new Frame(pixels, size, size);
        }

        public static CaptureDetails Details(DatasetSplit split = DatasetSplit.Train) => new CaptureDetails { Split = split, Source = "reliability" };

        static byte Byte(SeededRandom random) => (byte)(random.NextUInt64() >> 56);

        /// <summary>Checks a dataset folder the way a crash must leave it; adds a "data lost" per broken frame or entry.</summary>
        public static int CheckDataset(string folder, ReliabilityRow row, int atLeast)
        {
            var dataset = Dataset.Open(folder, repair: false);
            foreach (var problem in dataset.Problems.Where(p => p.Severity == ProblemSeverity.Error))
                row.Lost($"{problem.Path}: {problem.Message}");
            var manifest = ManifestFile.Read(Path.Combine(folder, DatasetLayout.ManifestFile));
            foreach (var entry in manifest.Frames)
                if (!File.Exists(Path.Combine(folder, entry.Path))) row.Lost($"manifest entry {entry.Id} names {entry.Path}, which does not exist");
            foreach (var frame in dataset.Frames)
            {
                try
                {
                    ImageDecoder.DecodeSquare(frame.Path, 16);
                }
                catch (Exception e) when (e is ImageDecodeException || e is IOException || e is DatasetException)
                {
                    row.Lost($"frame {frame.Path} is half written: {e.Message}");
                }
            }
            if (dataset.Frames.Count < atLeast) row.Lost($"{folder} holds {dataset.Frames.Count} frames, fewer than the {atLeast} written before");
            return dataset.Frames.Count;
        }

        /// <summary>
        /// Every frame a killed writer had reported written (relative paths) must be in the reopened dataset: "no frame
        /// lost" is measured against what the writer promised, not against the previous count. Returns how many were checked.
        /// </summary>
        public static int CheckDurable(string folder, System.Collections.Generic.IReadOnlyCollection<string> durable, ReliabilityRow row)
        {
            var present = new System.Collections.Generic.HashSet<string>(
                Dataset.Open(folder, repair: false).Frames.Select(f => f.RelativePath), StringComparer.Ordinal);
            foreach (var path in durable)
                if (!present.Contains(path)) row.Lost($"frame {path} was reported written before the kill and is missing after reopening {folder}");
            return durable.Count;
        }

        public static string NewFolder(string name) => Path.Combine(Path.GetTempPath(), "sightline-reliability-" + name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public static void TryDelete(string folder)
        {
            try
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
