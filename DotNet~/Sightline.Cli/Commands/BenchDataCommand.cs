using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Sightline.Data;
using Sightline.Model;
using Sightline.Randomness;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using Spectre.Console;

namespace Sightline.Cli.Commands
{
    /// <summary>
    /// `sightline bench data`: images decoded per second, cache build rate, and augmented batches per second from the
    /// cache (the loader must outrun the engine: the paper preset trains at about 25 images/s on a CPU).
    /// </summary>
    public static class BenchDataCommand
    {
        /// <summary>Ten times the CPU engine's paper-preset training rate: the loader should never be what training waits for.</summary>
        public const double TargetImagesPerSecond = 250;

        public static Command Create()
        {
            var dataset = new Option<string?>("--dataset") { Description = "dataset folder to measure (default: a synthetic JPEG set in a temporary folder)" };
            var input = new Option<int>("--input") { Description = "network input size (224 for the paper); frames are stored at input x 256/224", DefaultValueFactory = _ => 224 };
            var images = new Option<int>("--images") { Description = "synthetic images to generate when no dataset is given", DefaultValueFactory = _ => 64 };
            var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 32 };
            var batches = new Option<int>("--batches") { Description = "batches to time", DefaultValueFactory = _ => 20 };
            var workers = new Option<int>("--workers") { Description = "loader threads (0: processors - 1, 1..4)", DefaultValueFactory = _ => 0 };
            var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
            var command = new Command("data", "Decode, cache-build and augmented-batch throughput of the data pipeline.") { dataset, input, images, batch, batches, workers, json };
            command.SetAction(parse =>
            {
                var result = Run(parse.GetValue(dataset), parse.GetValue(input), parse.GetValue(images), parse.GetValue(batch), parse.GetValue(batches), parse.GetValue(workers));
                if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
                else Print(result);
                return 0;
            });
            return command;
        }

        internal sealed class Result
        {
            public string dataset { get; set; } = "";
            public bool synthetic { get; set; }
            public int images { get; set; }
            public int inputSize { get; set; }
            public int storedSize { get; set; }
            public int processors { get; set; }
            public double decodeImagesPerSecond { get; set; }
            public double cacheBuildSeconds { get; set; }
            public double cacheBuildImagesPerSecond { get; set; }
            public int skipped { get; set; }
            public int batchSize { get; set; }
            public int loaderWorkers { get; set; }
            public double augmentedImagesPerSecond { get; set; }
            public double gpuPathImagesPerSecond { get; set; }
            public double applyImagesPerSecondOneThread { get; set; }
            public double targetImagesPerSecond { get; set; } = TargetImagesPerSecond;
            public bool meetsTarget { get; set; }
        }

        internal static Result Run(string? datasetPath, int inputSize, int images, int batchSize, int batches, int workers)
        {
            if (inputSize < 16 || inputSize > 1024) throw new UserInputException($"--input must be 16..1024 (got {inputSize})");
            if (batchSize < 1) throw new UserInputException($"--batch must be positive (got {batchSize})");
            if (batches < 1) throw new UserInputException($"--batches must be positive (got {batches})");
            if (datasetPath == null && (images < 2 || images > 100000)) throw new UserInputException($"--images must be 2..100000 (got {images})");
            int stored = (inputSize * 256 + 223) / 224; // NetworkSpec.StoredSize
            string temp = Path.Combine(Path.GetTempPath(), "sightline-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                string root = datasetPath ?? Synthesize(Path.Combine(temp, "images"), images);
                Dataset ds;
                try
                {
                    ds = Dataset.Open(root, repair: false);
                }
                catch (DatasetException e)
                {
                    throw new UserInputException(e.Message);
                }
                if (ds.Frames.Count == 0) throw new UserInputException($"{ds.Root}: the dataset has no images");
                var result = new Result
                {
                    dataset = ds.Root, synthetic = datasetPath == null, images = ds.Frames.Count, inputSize = inputSize, storedSize = stored,
                    processors = Environment.ProcessorCount, batchSize = batchSize,
                };

                // Decoding, one thread: what one cache-building thread achieves.
                var buffer = new byte[stored * stored * 3];
                int sample = Math.Min(ds.Frames.Count, 64);
                var watch = Stopwatch.StartNew();
                int decoded = 0;
                for (int i = 0; i < sample; i++)
                {
                    try
                    {
                        ImageDecoder.DecodeSquare(ds.Frames[i].Path, stored, buffer, 0);
                        decoded++;
                    }
                    catch (ImageDecodeException)
                    {
                    }
                }
                result.decodeImagesPerSecond = decoded / watch.Elapsed.TotalSeconds;

                // Cache build, all processors, into a temporary folder so the dataset is untouched.
                watch.Restart();
                using var cache = FrameCache.OpenOrBuild(ds, stored, new FrameCacheOptions { CacheDirectory = Path.Combine(temp, "cache") });
                result.cacheBuildSeconds = watch.Elapsed.TotalSeconds;
                result.cacheBuildImagesPerSecond = ds.Frames.Count / result.cacheBuildSeconds;
                result.skipped = cache.Skipped.Count;
                if (cache.Count == 0) throw new UserInputException($"{ds.Root}: no image could be decoded");

                var entries = Enumerable.Range(0, cache.Count).ToArray();
                var options = LoaderOptions.Training(stored, inputSize, Math.Min(batchSize, cache.Count), 1);
                options.Workers = workers;
                result.augmentedImagesPerSecond = TimeLoader(cache, entries, options, batches, out int used);
                result.loaderWorkers = used;
                var gpu = LoaderOptions.Training(stored, inputSize, Math.Min(batchSize, cache.Count), 1);
                gpu.Workers = workers;
                gpu.ProduceInput = false;
                gpu.ProduceFrames = true;
                result.gpuPathImagesPerSecond = TimeLoader(cache, entries, gpu, batches, out _);

                // The apply function alone, one thread.
                var mean = cache.MeanCrop(inputSize);
                var output = new float[3 * inputSize * inputSize];
                var settings = AugmentationSettings.Training(stored, inputSize);
                var random = new SeededRandom(2);
                int applied = 0;
                watch.Restart();
                while (watch.Elapsed.TotalSeconds < 0.5)
                {
                    var p = AugmentationSampler.Draw(random, settings, cache.Pca);
                    AugmentApply.Apply(cache.Frame(applied % cache.Count), stored, p, mean, inputSize, output);
                    applied++;
                }
                result.applyImagesPerSecondOneThread = applied / watch.Elapsed.TotalSeconds;
                result.meetsTarget = result.augmentedImagesPerSecond >= TargetImagesPerSecond;
                return result;
            }
            finally
            {
                try
                {
                    if (Directory.Exists(temp)) Directory.Delete(temp, true);
                }
                catch (IOException)
                {
                }
            }
        }

        static double TimeLoader(FrameCache cache, int[] entries, LoaderOptions options, int batches, out int workers)
        {
            using var loader = new DataLoader(cache, entries, options);
            workers = options.Workers > 0 ? options.Workers : Math.Max(1, Math.Min(4, Environment.ProcessorCount - 1));
            int images = 0, taken = 0;
            // Timed from the start, thread start-up and prefetch included, so prefetched batches do not flatter the rate.
            var watch = Stopwatch.StartNew();
            for (int epoch = 0; taken < batches; epoch++)
            {
                foreach (var batch in loader.ReadEpoch(epoch))
                {
                    images += batch.Count;
                    batch.Dispose();
                    if (++taken >= batches) break;
                }
            }
            return images / watch.Elapsed.TotalSeconds;
        }

        /// <summary>Photo-like JPEGs of varied sizes (smooth gradients, shapes, noise) in ten class folders.</summary>
        internal static string Synthesize(string root, int count)
        {
            var random = new SeededRandom(7);
            var encoder = new JpegEncoder { Quality = 90 };
            for (int i = 0; i < count; i++)
            {
                int w = 320 + random.NextInt(181), h = 240 + random.NextInt(136);
                var pixels = new byte[w * h * 3];
                double fx = random.NextDouble() * 0.05, fy = random.NextDouble() * 0.05, phase = random.NextDouble() * 6;
                int cx = random.NextInt(w), cy = random.NextInt(h), radius = 30 + random.NextInt(80);
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        int k = (y * w + x) * 3;
                        bool inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) < radius * radius;
                        double v = 127 + 100 * Math.Sin(x * fx + y * fy + phase);
                        int noise = (int)(random.NextUInt64() >> 60) - 8;
                        pixels[k] = Clamp(inside ? 220 + noise : v + noise);
                        pixels[k + 1] = Clamp(inside ? 40 + noise : 255 - v + noise);
                        pixels[k + 2] = Clamp((x * 255.0 / w) + noise);
                    }
                string dir = Path.Combine(root, "class" + (i % 10).ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(dir);
                using var image = Image.LoadPixelData<Rgb24>(pixels, w, h);
                image.SaveAsJpeg(Path.Combine(dir, i.ToString("D5", CultureInfo.InvariantCulture) + ".jpg"), encoder);
            }
            return root;
        }

        static byte Clamp(double v) => (byte)Math.Max(0, Math.Min(255, (int)v));

        static void Print(Result r)
        {
            var table = new Table().Title($"data pipeline: {r.images} images{(r.synthetic ? " (synthetic JPEG)" : "")}, stored {r.storedSize}, input {r.inputSize}, {r.processors} processors");
            table.AddColumn("stage").AddColumn(new TableColumn("images/s").RightAligned()).AddColumn("note");
            string F(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
            table.AddRow("decode + resize (1 thread)", F(r.decodeImagesPerSecond), "ImageSharp, short side to stored size, centre crop");
            table.AddRow("cache build (all threads)", F(r.cacheBuildImagesPerSecond), $"{r.cacheBuildSeconds:0.00} s, {r.skipped} skipped");
            table.AddRow($"augmented batches ({r.loaderWorkers} loader thread{(r.loaderWorkers == 1 ? "" : "s")})", F(r.augmentedImagesPerSecond), $"batch {r.batchSize}: crop, flip, PCA lighting, mean; float NCHW");
            table.AddRow("GPU path batches", F(r.gpuPathImagesPerSecond), "raw uint8 frames + augmentation parameters");
            table.AddRow("apply only (1 thread)", F(r.applyImagesPerSecondOneThread), "AugmentApply.Apply per image");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(r.meetsTarget
                ? $"[green]augmented batches at {F(r.augmentedImagesPerSecond)} images/s meet the target of {F(r.targetImagesPerSecond)}[/]"
                : $"[yellow]augmented batches at {F(r.augmentedImagesPerSecond)} images/s are below the target of {F(r.targetImagesPerSecond)}[/]");
        }
    }
}
