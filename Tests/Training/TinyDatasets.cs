using System;
using System.IO;
using Sightline.Capture;
using Sightline.Data;
using Sightline.Imaging;
using Sightline.Randomness;

namespace Sightline.Tests.Training
{
    /// <summary>
    /// Small datasets written through DatasetWriter for training tests: three classes of 73x73 frames (the stored
    /// size of a 64-pixel input) told apart by pattern (horizontal stripes, vertical stripes, a disc), with random
    /// colours, phases and noise so the colour alone says nothing.
    /// </summary>
    static class TinyDatasets
    {
        public const int StoredSize = 73;
        public static readonly string[] Labels = { "disc", "horizontal", "vertical" };

        public static string Write(string root, int framesPerClass, ulong seed, int validationPerClass = 0, int testPerClass = 0)
        {
            var rng = new SeededRandom(seed);
            using (var writer = DatasetWriter.Open(root))
            {
                for (int i = 0; i < framesPerClass + validationPerClass + testPerClass; i++)
                    for (int c = 0; c < Labels.Length; c++)
                        writer.Write(new Frame(Frame(c, rng), StoredSize, StoredSize), Labels[c], new CaptureDetails
                        {
                            Split = i < framesPerClass ? DatasetSplit.Train : i < framesPerClass + validationPerClass ? DatasetSplit.Validation : DatasetSplit.Test,
                        });
            }
            return root;
        }

        static byte[] Frame(int kind, SeededRandom rng)
        {
            int s = StoredSize;
            var pixels = new byte[s * s * 3];
            var a = new[] { rng.NextInt(256), rng.NextInt(256), rng.NextInt(256) };
            var b = new[] { rng.NextInt(256), rng.NextInt(256), rng.NextInt(256) };
            int period = 8 + rng.NextInt(8), phase = rng.NextInt(period);
            int cx = 26 + rng.NextInt(20), cy = 26 + rng.NextInt(20), r = 12 + rng.NextInt(10);
            for (int y = 0; y < s; y++)
                for (int x = 0; x < s; x++)
                {
                    bool on;
                    switch (kind)
                    {
                        case 0: on = (x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r; break;
                        case 1: on = (y + phase) % period < period / 2; break;
                        default: on = (x + phase) % period < period / 2; break;
                    }
                    var colour = on ? a : b;
                    for (int ch = 0; ch < 3; ch++)
                        pixels[(y * s + x) * 3 + ch] = (byte)Math.Max(0, Math.Min(255, colour[ch] + rng.NextInt(21) - 10));
                }
            return pixels;
        }

        public static void TryDelete(string folder)
        {
            try
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, true);
            }
            catch (IOException)
            {
                // A temporary folder that cannot be removed at exit is left to the OS.
            }
        }

        public static string NewFolder(string name) => Path.Combine(Path.GetTempPath(), "sightline-" + name + "-" + Guid.NewGuid().ToString("N"));
    }
}
