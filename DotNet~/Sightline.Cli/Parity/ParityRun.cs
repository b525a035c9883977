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
        /// <summary>The same weights and batches in: how far apart the two sides' first steps end.</summary>
        public ParityStepResult Step { get; set; } = new ParityStepResult();
    }

    /// <summary>What `check parity` asks for.</summary>
    public sealed class ParityRequest
    {
        public string Data { get; set; } = string.Empty;
        public string Spec { get; set; } = "mini";
        public int Seeds { get; set; } = 3;
        public int Epochs { get; set; } = Commands.CheckParityCommand.DefaultEpochs;
        public int Batch { get; set; } = 32;
        public float LearningRate { get; set; } = 0.01f;
        public AugmentationChoice Augmentation { get; set; } = AugmentationChoice.Paper;
        public ScheduleKind Schedule { get; set; } = ScheduleKind.Cosine;
        /// <summary>Cosine: epochs of linear warm-up.</summary>
        public int WarmupEpochs { get; set; } = 1;
        public int Threads { get; set; } = 2;
        public int TimeoutSeconds { get; set; } = 3600;
        public string? Script { get; set; }
        /// <summary>Keep each seed's files (recipe, weights, step check) under this folder instead of deleting them.</summary>
        public string? Keep { get; set; }
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
            string work = request.Keep != null ? Path.Combine(Path.GetFullPath(request.Keep), "seed-" + seed.ToString(CultureInfo.InvariantCulture))
                : Path.Combine(Path.GetTempPath(), "sightline-parity-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            if (request.Keep != null && Directory.Exists(work)) throw new UserInputException($"--keep: '{work}' already exists; choose an empty folder");
            Directory.CreateDirectory(work);
            try
            {
                var job = OpenJob(request, seed, Path.Combine(work, "run"));
                var result = new ParitySeed { Seed = seed };
                using (job)
                {
                    string folder = Path.Combine(work, "torch");
                    Directory.CreateDirectory(folder);
                    var initial = WriteRecipe(folder, job, request, seed);
                    log($"seed {seed}: one step check (same weights and batches in)");
                    result.Step = ParityStepCheck.Run(folder, job, initial, request.Threads, script, request.TimeoutSeconds);
                    log(string.Format(CultureInfo.InvariantCulture, "  input max |difference| {0:g3}, lighting {1:g3}, weights after 2 steps {2:g3} (largest change {3:g3}): {4}",
                        result.Step.InputMaxAbs, result.Step.LightingMaxAbs, result.Step.WeightsMaxAbs, result.Step.UpdateMaxAbs, result.Step.Agrees ? "agree" : "DIFFER"));
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
                if (request.Keep == null)
                    try { Directory.Delete(work, true); } catch (IOException) { }
            }
        }

        /// <summary>Sightline's side of one seed: the CPU engine, the request's recipe, checkpoints in <paramref name="runFolder"/>.</summary>
        public static TrainingJob OpenJob(ParityRequest request, ulong seed, string runFolder) =>
            TrainingJob.Open(new TrainingJobRequest
            {
                DataFolder = request.Data,
                RunFolder = runFolder,
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
                    WarmupEpochs = request.WarmupEpochs,
                },
            }, (spec, batch) => new CpuEngine(spec, batch, new CpuEngineOptions { ThreadCount = request.Threads }));

        // spec.json and params.bin as alexnet_reference.py reads them (the initial weights of this seed), the mean
        // image, and the recipe with Sightline's own split of the folder.
        /// <summary>Writes what parity_trainer.py reads into <paramref name="folder"/>; returns the initial parameters.</summary>
        public static float[] WriteRecipe(string folder, TrainingJob job, ParityRequest request, ulong seed)
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
            return parameters;
        }
    }
}
