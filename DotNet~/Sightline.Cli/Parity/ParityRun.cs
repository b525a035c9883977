using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Sightline.Cli.Gpu;
using Sightline.Cli.Training;
using Sightline.Cpu;
using Sightline.Data;
using Sightline.Training;
using Sightline.Training.Runs;
using Sightline.Training.Schedules;

namespace Sightline.Cli.Parity
{
    /// <summary>One seed of `check parity`: Sightline's validation top-1 after N epochs and PyTorch's with the same recipe.</summary>
    public sealed class ParitySeed
    {
        public ulong Seed { get; set; }
        public double Sightline { get; set; }
        public double PyTorch { get; set; }
        public double SightlineSeconds { get; set; }
        public double PyTorchSeconds { get; set; }
        public double[] SightlineHistory { get; set; } = Array.Empty<double>();
        public double[] PyTorchHistory { get; set; } = Array.Empty<double>();
    }

    /// <summary>What `check parity` asks for.</summary>
    public sealed class ParityRequest
    {
        public string Data { get; set; } = string.Empty;
        public string Spec { get; set; } = "mini";
        public int Seeds { get; set; } = 3;
        public int Epochs { get; set; } = 3;
        public int Batch { get; set; } = 32;
        public float LearningRate { get; set; } = 0.01f;
        public AugmentationChoice Augmentation { get; set; } = AugmentationChoice.Paper;
        public ScheduleKind Schedule { get; set; } = ScheduleKind.Plateau;
        public int Threads { get; set; } = 2;
        public int TimeoutSeconds { get; set; } = 3600;
        public string? Script { get; set; }
    }

    /// <summary>
    /// Trains the same network from the same initial weights on the same split of the same folder with the same recipe
    /// in Sightline (CPU engine) and in PyTorch (Tests/Reference/parity_trainer.py), seed by seed; the last epoch's
    /// validation top-1 of each is compared.
    /// </summary>
    public static class ParityRun
    {
        public static ParitySeed Run(ParityRequest request, ulong seed, string script, Action<string> log)
        {
            string work = Path.Combine(Path.GetTempPath(), "sightline-parity-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(work);
            try
            {
                var job = TrainingJob.Open(new TrainingJobRequest
                {
                    DataFolder = request.Data,
                    RunFolder = Path.Combine(work, "run"),
                    Preset = request.Spec,
                    Settings = new TrainingSettings
                    {
                        Epochs = request.Epochs,
                        BatchSize = request.Batch,
                        LearningRate = request.LearningRate,
                        Seed = seed,
                        Augmentation = request.Augmentation,
                        Schedule = request.Schedule,
                        Patience = 2,
                    },
                }, (spec, batch) => new CpuEngine(spec, batch, new CpuEngineOptions { ThreadCount = request.Threads }));
                var result = new ParitySeed { Seed = seed };
                using (job)
                {
                    string folder = Path.Combine(work, "torch");
                    Directory.CreateDirectory(folder);
                    WriteRecipe(folder, job, request, seed);
                    log($"seed {seed}: Sightline ({job.Spec}, {job.DataDescription})");
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    job.Session.EpochCompleted += (_, m) => log(string.Format(CultureInfo.InvariantCulture, "  sightline epoch {0}: validation top-1 {1:0.0}%", m.Epoch, 100 * (1 - m.ValidationTop1Error)));
                    var trained = job.Session.Run();
                    result.SightlineSeconds = clock.Elapsed.TotalSeconds;
                    result.SightlineHistory = trained.History.Select(h => 1 - h.ValidationTop1Error).ToArray();
                    result.Sightline = result.SightlineHistory.Length > 0 ? result.SightlineHistory[^1] : double.NaN;

                    log($"seed {seed}: PyTorch ({script})");
                    var (code, output) = PythonRunner.Run(new[] { script, folder }, request.TimeoutSeconds, line => log("  torch " + line));
                    if (code != 0) throw new InvalidOperationException($"{script} exited with {code}: {PythonRunner.Tail(output, 1500)}");
                    using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "result.json")));
                    result.PyTorch = doc.RootElement.GetProperty("final").GetDouble();
                    result.PyTorchSeconds = doc.RootElement.GetProperty("seconds").GetDouble();
                    result.PyTorchHistory = doc.RootElement.GetProperty("validationTop1").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                }
                return result;
            }
            finally
            {
                try { Directory.Delete(work, true); } catch (IOException) { }
            }
        }

        // spec.json and params.bin as alexnet_reference.py reads them (the initial weights of this seed), the mean
        // image, and the recipe with Sightline's own split of the folder.
        static void WriteRecipe(string folder, TrainingJob job, ParityRequest request, ulong seed)
        {
            var parameters = new float[job.Spec.ParameterCount];
            job.Engine.GetParameters(parameters);
            TorchReference.WriteInputs(folder, job.Spec, 0, parameters, Array.Empty<float>(), Array.Empty<int>());
            var source = job.Source;
            var normalization = source.Normalization;
            var meanCrop = normalization.MeanPlanes(source.InputSize);
            var meanBytes = new byte[meanCrop.Length * 4];
            Buffer.BlockCopy(meanCrop, 0, meanBytes, 0, meanBytes.Length);
            File.WriteAllBytes(Path.Combine(folder, "mean.bin"), meanBytes);
            object[][] Items(DatasetSplit split) => Enumerable.Range(0, source.Count(split)).Select(i => new object[] { source.PathOf(split, i), source.LabelOf(split, i) }).ToArray();
            var pca = source.LightingPca;
            var settings = job.Session.Settings;
            var recipe = new
            {
                dataRoot = Dataset.Open(request.Data).Root,
                storedSize = source.StoredSize,
                inputSize = source.InputSize,
                train = Items(DatasetSplit.Train),
                validation = Items(DatasetSplit.Validation),
                inputScale = normalization.Scale[0],
                pcaVectors = pca.EigenVectors,
                pcaValues = pca.EigenValues,
                augmentation = TrainingChoices.Name(settings.Augmentation),
                lightingStd = 0.1,
                epochs = settings.Epochs,
                batch = job.Session.BatchSize,
                learningRate = settings.LearningRate,
                momentum = settings.Momentum,
                weightDecay = settings.WeightDecay,
                schedule = settings.Schedule == ScheduleKind.Cosine ? "cosine" : "plateau",
                patience = settings.Patience,
                maxDrops = settings.MaxDrops,
                warmupEpochs = settings.WarmupEpochs,
                seed,
                threads = request.Threads,
            };
            File.WriteAllText(Path.Combine(folder, "recipe.json"), JsonSerializer.Serialize(recipe));
        }
    }
}
