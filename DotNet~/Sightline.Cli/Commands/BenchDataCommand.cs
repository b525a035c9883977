using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Sightline.Cli.Benchmarks;
using Sightline.Cli.Gpu;
using Sightline.Data;
using Sightline.Model;
using Sightline.Randomness;
using Sightline.Training.Batches;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using Spectre.Console;

namespace Sightline.Cli.Commands
{
    /// <summary>
    /// `sightline bench data`: images decoded per second, cache build rate, and training batches per second from the
    /// cache along the path training takes (CachedBatchSource, as TrainingSession fills its batches), against PyTorch's
    /// DataLoader with torchvision transforms on the same files, measured in the same run (the loader must outrun the
    /// engine: the paper preset trains at about 25 images/s on a CPU).
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
            var workers = new Option<int>("--workers") { Description = "PyTorch DataLoader workers (0: processors - 1, 1..4)", DefaultValueFactory = _ => 0 };
            var python = new Option<string?>("--python") { Description = "python with torch and torchvision for the peer (default: SIGHTLINE_PYTHON, else python3)" };
            var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
            var command = new Command("data", "Decode, cache-build and training-batch throughput of the data pipeline, against PyTorch's DataLoader.") { dataset, input, images, batch, batches, workers, python, json };
            command.SetAction(parse =>
            {
                var result = Run(parse.GetValue(dataset), parse.GetValue(input), parse.GetValue(images), parse.GetValue(batch), parse.GetValue(batches), parse.GetValue(workers),
                    parse.GetValue(python) ?? PythonRunner.Interpreter);
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
            /// <summary>Threads filling training batches: one, ahead of the engine, as TrainingSession runs it.</summary>
            public int loaderThreads { get; set; } = 1;
            /// <summary>CachedBatchSource.FillTraining: crop, flip, PCA lighting, normalise into float NCHW (the CPU engine's input).</summary>
            public double augmentedImagesPerSecond { get; set; }
            /// <summary>CachedBatchSource.FillTrainingFrames: raw frames + augmentation parameters (the GPU path).</summary>
            public double gpuPathImagesPerSecond { get; set; }
            public double applyImagesPerSecondOneThread { get; set; }
            public double targetImagesPerSecond { get; set; } = TargetImagesPerSecond;
            public bool meetsTarget { get; set; }
            /// <summary>PyTorch DataLoader + torchvision (decode, resize, crop, flip, normalise every epoch); null when it did not run.</summary>
            public double? torchImagesPerSecond { get; set; }
            public int torchWorkers { get; set; }
            public string? torchVersions { get; set; }
            /// <summary>Sightline's training path over PyTorch's DataLoader; null when the peer did not run.</summary>
            public double? ratio { get; set; }
            /// <summary>"not run: why" when the peer could not be measured (never a ratio then).</summary>
            public string? torchNotRun { get; set; }
        }

        internal static Result Run(string? datasetPath, int inputSize, int images, int batchSize, int batches, int workers, string python)
        {
            if (inputSize < 16 || inputSize > 1024) throw new UserInputException($"--input must be 16..1024 (got {inputSize})");
            if (batchSize < 1) throw new UserInputException($"--batch must be positive (got {batchSize})");
            if (batches < 1) throw new UserInputException($"--batches must be positive (got {batches})");
            if (workers < 0) throw new UserInputException($"--workers must be 0 or more (got {workers})");
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

                // Training's own path: every cached frame is a training sample of a CachedBatchSource.
                var all = Enumerable.Range(0, cache.Count).ToArray();
                var normalization = CachedBatchSource.NormalizationOf(cache, inputSize);
                var source = new CachedBatchSource(cache.Labels.Names, inputSize, stored, normalization, cache, all, cache, Array.Empty<int>());
                int batch = Math.Min(batchSize, cache.Count);
                result.augmentedImagesPerSecond = TimeTrainingPath(source, batch, batches, frames: false);
                result.gpuPathImagesPerSecond = TimeTrainingPath(source, batch, batches, frames: true);

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

                // The peer, on the files the cache holds, normalised with the same statistics per channel.
                var files = cache.Entries.Select(e => Path.Combine(ds.Root, e.RelativePath)).ToArray();
                int torchWorkers = workers > 0 ? workers : Math.Max(1, Math.Min(4, Environment.ProcessorCount - 1));
                var (channelMean, channelStd) = ChannelStatistics(cache.MeanImage, normalization.Scale[0]);
                var peer = TorchDataPeer.Measure(files, stored, inputSize, batch, batches, torchWorkers, python, channelMean, channelStd, Path.Combine(temp, "torch"));
                result.torchWorkers = torchWorkers;
                result.torchImagesPerSecond = peer.ImagesPerSecond;
                result.torchVersions = peer.Versions;
                result.torchNotRun = peer.NotRun == null ? null : "not run: " + peer.NotRun;
                result.ratio = peer.ImagesPerSecond is double rate ? result.augmentedImagesPerSecond / rate : (double?)null;
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

        // As TrainingSession: a shuffled order per epoch, one augmentation seed per batch, full batches only, filled
        // on one thread. Timed from the first batch, so nothing prepared beforehand flatters the rate.
        static double TimeTrainingPath(CachedBatchSource source, int batch, int batches, bool frames)
        {
            int count = source.Count(DatasetSplit.Train), perEpoch = Math.Max(1, count / batch);
            var order = Enumerable.Range(0, count).ToArray();
            var random = new SeededRandom(1);
            var input = frames ? Array.Empty<float>() : new float[batch * 3 * source.InputSize * source.InputSize];
            var stored = frames ? new byte[batch * 3 * source.StoredSize * source.StoredSize] : Array.Empty<byte>();
            var augment = new AugmentParams[batch];
            var labels = new int[batch];
            int images = 0;
            var watch = Stopwatch.StartNew();
            for (int b = 0; b < batches; b++)
            {
                if (b % perEpoch == 0) random.Shuffle(order.AsSpan());
                var samples = order.AsSpan((b % perEpoch) * batch, batch);
                ulong seed = random.NextUInt64();
                if (frames) source.FillTrainingFrames(samples, seed, AugmentationChoice.Paper, stored, augment, labels);
                else source.FillTraining(samples, seed, AugmentationChoice.Paper, input, labels);
                images += batch;
            }
            return images / watch.Elapsed.TotalSeconds;
        }

        // torchvision's Normalize takes a mean and std per channel in 0..1: the channel means of the mean image and the
        // one standard deviation Sightline scales by (InputNormalization.Scale = 1 / (255 std)).
        static (float[] mean, float[] std) ChannelStatistics(float[] meanImage, float inputScale)
        {
            var sums = new double[3];
            for (int i = 0; i < meanImage.Length; i++) sums[i % 3] += meanImage[i];
            int pixels = Math.Max(1, meanImage.Length / 3);
            float std = (float)(1.0 / (255.0 * inputScale));
            return (sums.Select(s => (float)(s / pixels / 255.0)).ToArray(), new[] { std, std, std });
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
            table.AddRow("training batches (1 thread)", F(r.augmentedImagesPerSecond), $"batch {r.batchSize}, CachedBatchSource as training fills it: crop, flip, PCA lighting, normalise; float NCHW");
            table.AddRow("GPU path batches (1 thread)", F(r.gpuPathImagesPerSecond), "raw uint8 frames + augmentation parameters");
            table.AddRow("apply only (1 thread)", F(r.applyImagesPerSecondOneThread), "AugmentApply.Apply per image");
            table.AddRow(Markup.Escape($"PyTorch DataLoader ({r.torchWorkers} worker{(r.torchWorkers == 1 ? "" : "s")})"), r.torchImagesPerSecond is double t ? F(t) : "-",
                Markup.Escape(r.torchImagesPerSecond != null ? $"{r.torchVersions}: decode, resize, crop, flip, normalise every epoch" : r.torchNotRun ?? ""));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(Markup.Escape(r.ratio is double ratio
                ? $"Sightline's training batches / PyTorch's DataLoader: {ratio:0.00}x (Sightline decodes once into its cache; PyTorch decodes every epoch)"
                : $"PyTorch peer {r.torchNotRun}: no ratio"));
            AnsiConsole.MarkupLine(r.meetsTarget
                ? $"[green]training batches at {F(r.augmentedImagesPerSecond)} images/s meet the target of {F(r.targetImagesPerSecond)}[/]"
                : $"[yellow]training batches at {F(r.augmentedImagesPerSecond)} images/s are below the target of {F(r.targetImagesPerSecond)}[/]");
        }
    }
}
