#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Sightline.Engines;
using Sightline.Data;
using Sightline.Training;
using Sightline.Training.Schedules;
using Sightline.Unity.Engines;

namespace Sightline.Editor.Training.Runs
{
    /// <summary>
    /// run.json in a run folder: what the Training window asked for (so the run can be resumed after the editor
    /// stopped it, with the same data, engine and placement), where it stands, and how it ended (so the Runs list can
    /// compare runs without loading their checkpoints). Written atomically (temporary file, then moved over).
    /// </summary>
    public sealed class RunRecord
    {
        public const string FileName = "run.json";

        public string DatasetFolder { get; set; } = "";
        public string Preset { get; set; } = "";
        public EngineChoice Engine { get; set; } = EngineChoice.Auto;
        public Placement Placement { get; set; } = Placement.OneDevice(0);
        public bool TensorCores { get; set; }
        public int Epochs { get; set; }
        public int BatchSize { get; set; }
        public float LearningRate { get; set; }
        public float Momentum { get; set; }
        public float WeightDecay { get; set; }
        public ulong Seed { get; set; }
        public AugmentationChoice Augmentation { get; set; }
        public ScheduleKind Schedule { get; set; }
        public string FromModel { get; set; } = "";
        public DateTime StartedUtc { get; set; }
        public RunState State { get; set; } = RunState.Running;
        /// <summary>How the run ended or why it stopped, in words ("" while running).</summary>
        public string Outcome { get; set; } = "";
        /// <summary>The engine that trained ("cpu", "cuda"), once known.</summary>
        public string EngineName { get; set; } = "";
        /// <summary>Top-1 accuracy of the chosen checkpoint on the validation split (NaN: not scored).</summary>
        public double ValidationTop1 { get; set; } = double.NaN;
        /// <summary>Top-1 accuracy on the test split (NaN: no test split, or not scored).</summary>
        public double TestTop1 { get; set; } = double.NaN;

        public static RunRecord For(TrainingRequest request, DateTime startedUtc) => new RunRecord
        {
            DatasetFolder = request.DatasetFolder,
            Preset = request.Preset,
            Engine = request.Engine,
            Placement = request.Placement,
            TensorCores = request.TensorCores,
            Epochs = request.Settings.Epochs,
            BatchSize = request.Settings.BatchSize,
            LearningRate = request.Settings.LearningRate,
            Momentum = request.Settings.Momentum,
            WeightDecay = request.Settings.WeightDecay,
            Seed = request.Settings.Seed,
            Augmentation = request.Settings.Augmentation,
            Schedule = request.Settings.Schedule,
            FromModel = request.FromModel,
            StartedUtc = startedUtc,
        };

        /// <summary>A request that resumes this run in <paramref name="runFolder"/> (the checkpoint keeps the hyper-parameters).</summary>
        public TrainingRequest ResumeRequest(string runFolder) => new TrainingRequest
        {
            DatasetFolder = DatasetFolder,
            RunFolder = runFolder,
            Preset = Preset,
            Engine = Engine,
            Placement = Placement,
            TensorCores = TensorCores,
            Resume = true,
            Settings = new TrainingSettings { Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, Momentum = Momentum, WeightDecay = WeightDecay, Seed = Seed, Augmentation = Augmentation, Schedule = Schedule },
        };

        /// <summary>The settings in one line, for the Runs list.</summary>
        public string SettingsSummary =>
            string.Format(CultureInfo.InvariantCulture, "{0}, {1} epochs, batch {2}, rate {3:g3}, {4}, {5}{6}",
                Preset, Epochs, BatchSize, LearningRate, Augmentation, Schedule, FromModel.Length > 0 ? ", fine-tuned from " + Path.GetFileName(FromModel) : "");

        public static string PathIn(string runFolder) => Path.Combine(Path.GetFullPath(runFolder), FileName);

        public void Save(string runFolder)
        {
            string path = PathIn(runFolder);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string temporary = path + ".tmp";
            File.WriteAllText(temporary, FlatJson.Write(Fields()) + "\n");
            if (File.Exists(path)) File.Delete(path);
            File.Move(temporary, path);
        }

        /// <summary>The record in <paramref name="runFolder"/>, or null when there is none; a damaged file throws FormatException naming it.</summary>
        public static RunRecord? Load(string runFolder)
        {
            string path = PathIn(runFolder);
            if (!File.Exists(path)) return null;
            Dictionary<string, object?> f;
            try
            {
                f = FlatJson.Parse(File.ReadAllText(path).Trim());
            }
            catch (FormatException e)
            {
                throw new FormatException($"{path} is not a run record: {e.Message}", e);
            }
            return new RunRecord
            {
                DatasetFolder = FlatJson.Text(f, "datasetFolder"),
                Preset = FlatJson.Text(f, "preset"),
                Engine = Enum.TryParse<EngineChoice>(FlatJson.Text(f, "engine"), out var engine) ? engine : EngineChoice.Auto,
                Placement = FlatJson.Flag(f, "split")
                    ? Placement.TwoDevices((int)Or(FlatJson.Number(f, "deviceA"), 0), (int)Or(FlatJson.Number(f, "deviceB"), 1))
                    : Placement.OneDevice((int)Or(FlatJson.Number(f, "deviceA"), 0)),
                TensorCores = FlatJson.Flag(f, "tensorCores"),
                Epochs = (int)Or(FlatJson.Number(f, "epochs"), 0),
                BatchSize = (int)Or(FlatJson.Number(f, "batchSize"), 0),
                LearningRate = (float)FlatJson.Number(f, "learningRate"),
                Momentum = (float)FlatJson.Number(f, "momentum"),
                WeightDecay = (float)FlatJson.Number(f, "weightDecay"),
                Seed = ulong.TryParse(FlatJson.Text(f, "seed"), NumberStyles.None, CultureInfo.InvariantCulture, out var seed) ? seed : 1,
                Augmentation = Enum.TryParse<AugmentationChoice>(FlatJson.Text(f, "augmentation"), out var augmentation) ? augmentation : AugmentationChoice.Paper,
                Schedule = Enum.TryParse<ScheduleKind>(FlatJson.Text(f, "schedule"), out var schedule) ? schedule : ScheduleKind.Plateau,
                FromModel = FlatJson.Text(f, "fromModel"),
                StartedUtc = DateTime.TryParse(FlatJson.Text(f, "startedUtc"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var started) ? started : DateTime.MinValue,
                State = Enum.TryParse<RunState>(FlatJson.Text(f, "state"), out var state) ? state : RunState.Running,
                Outcome = FlatJson.Text(f, "outcome"),
                EngineName = FlatJson.Text(f, "engineName"),
                ValidationTop1 = FlatJson.Number(f, "validationTop1"),
                TestTop1 = FlatJson.Number(f, "testTop1"),
            };
        }

        static double Or(double value, double fallback) => double.IsNaN(value) ? fallback : value;

        IEnumerable<KeyValuePair<string, object?>> Fields()
        {
            KeyValuePair<string, object?> F(string key, object? value) => new KeyValuePair<string, object?>(key, value);
            yield return F("datasetFolder", DatasetFolder);
            yield return F("preset", Preset);
            yield return F("engine", Engine.ToString());
            yield return F("split", Placement.IsSplit);
            yield return F("deviceA", Placement.DeviceA);
            yield return F("deviceB", Placement.DeviceB);
            yield return F("tensorCores", TensorCores);
            yield return F("epochs", Epochs);
            yield return F("batchSize", BatchSize);
            yield return F("learningRate", LearningRate);
            yield return F("momentum", Momentum);
            yield return F("weightDecay", WeightDecay);
            // As a string: JSON readers hold numbers as doubles, which lose a 64-bit seed's low bits.
            yield return F("seed", Seed.ToString(CultureInfo.InvariantCulture));
            yield return F("augmentation", Augmentation.ToString());
            yield return F("schedule", Schedule.ToString());
            yield return F("fromModel", FromModel);
            yield return F("startedUtc", StartedUtc.ToString("o", CultureInfo.InvariantCulture));
            yield return F("state", State.ToString());
            yield return F("outcome", Outcome);
            yield return F("engineName", EngineName);
            yield return F("validationTop1", ValidationTop1);
            yield return F("testTop1", TestTop1);
        }
    }
}
