using System.Collections.Generic;
using MessagePack;
using MessagePack.Formatters;
using Sightline.Model.Files;
using Sightline.Training.Metrics;
using Sightline.Training.Schedules;

namespace Sightline.Training.Checkpoints
{
    /// <summary>
    /// A <see cref="TrainingState"/> as a string-keyed MessagePack map, written and read by hand (no dynamic
    /// resolvers: safe under IL2CPP). Unknown keys are skipped, so a later build may add fields without bumping the
    /// format version. The keys are those of 0.1.0's flat checkpoints, which <see cref="Checkpoint010Format"/> reads
    /// through <see cref="ReadField"/>.
    /// </summary>
    public sealed class TrainingStateFormatter : IMessagePackFormatter<TrainingState>
    {
        public static readonly TrainingStateFormatter Instance = new TrainingStateFormatter();

        public void Serialize(ref MessagePackWriter writer, TrainingState value, MessagePackSerializerOptions options)
        {
            writer.WriteMapHeader(12);
            writer.Write("momentum"); PackedArrays.WriteFloats(ref writer, value.Momentum);
            writer.Write("step"); writer.Write(value.Step);
            writer.Write("epoch"); writer.Write(value.Epoch);
            writer.Write("batchInEpoch"); writer.Write(value.BatchInEpoch);
            writer.Write("schedule"); WriteSchedule(ref writer, value.Schedule);
            writer.Write("settings"); WriteSettings(ref writer, value.Settings);
            writer.Write("randomStates");
            writer.WriteMapHeader(value.RandomStates.Count);
            foreach (var pair in value.RandomStates)
            {
                writer.Write(pair.Key);
                PackedArrays.WriteULongs(ref writer, pair.Value);
            }
            writer.Write("dropoutSeed"); writer.Write(value.DropoutSeed);
            writer.Write("pcaEigenvectors"); PackedArrays.WriteFloats(ref writer, value.PcaEigenvectors);
            writer.Write("pcaEigenvalues"); PackedArrays.WriteFloats(ref writer, value.PcaEigenvalues);
            writer.Write("history");
            writer.WriteArrayHeader(value.History.Count);
            foreach (var epoch in value.History) WriteMetrics(ref writer, epoch);
            writer.Write("engine"); writer.Write(value.Engine);
        }

        public TrainingState Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            var state = new TrainingState();
            int count = reader.ReadMapHeader();
            for (int i = 0; i < count; i++)
                if (!ReadField(reader.ReadString() ?? string.Empty, ref reader, state)) reader.Skip();
            return state;
        }

        /// <summary>Reads the value of <paramref name="key"/> into <paramref name="state"/>; false (nothing read) for a key that is not the state's.</summary>
        public static bool ReadField(string key, ref MessagePackReader reader, TrainingState state)
        {
            switch (key)
            {
                case "momentum": state.Momentum = PackedArrays.ReadFloats(ref reader); return true;
                case "step": state.Step = reader.ReadInt64(); return true;
                case "epoch": state.Epoch = reader.ReadInt32(); return true;
                case "batchInEpoch": state.BatchInEpoch = reader.ReadInt32(); return true;
                case "schedule": state.Schedule = ReadSchedule(ref reader); return true;
                case "settings": state.Settings = ReadSettings(ref reader); return true;
                case "randomStates":
                    var states = new Dictionary<string, ulong[]>();
                    int n = reader.ReadMapHeader();
                    for (int j = 0; j < n; j++)
                    {
                        string name = reader.ReadString() ?? string.Empty;
                        states[name] = PackedArrays.ReadULongs(ref reader);
                    }
                    state.RandomStates = states;
                    return true;
                case "dropoutSeed": state.DropoutSeed = reader.ReadUInt64(); return true;
                case "pcaEigenvectors": state.PcaEigenvectors = PackedArrays.ReadFloats(ref reader); return true;
                case "pcaEigenvalues": state.PcaEigenvalues = PackedArrays.ReadFloats(ref reader); return true;
                case "history":
                    int epochs = reader.ReadArrayHeader();
                    var history = new List<EpochMetrics>(epochs);
                    for (int j = 0; j < epochs; j++) history.Add(ReadMetrics(ref reader));
                    state.History = history;
                    return true;
                case "engine": state.Engine = reader.ReadString() ?? string.Empty; return true;
                default: return false;
            }
        }

        static void WriteSchedule(ref MessagePackWriter writer, ScheduleState state)
        {
            writer.WriteMapHeader(5);
            writer.Write("learningRate"); writer.Write(state.LearningRate);
            writer.Write("epochsSinceBest"); writer.Write(state.EpochsSinceBest);
            writer.Write("bestValidationError"); writer.Write(state.BestValidationError);
            writer.Write("drops"); writer.Write(state.Drops);
            writer.Write("epochsSinceImprovement"); writer.Write(state.EpochsSinceImprovement);
        }

        static ScheduleState ReadSchedule(ref MessagePackReader reader)
        {
            var state = new ScheduleState(0.01f);
            int count = reader.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                switch (reader.ReadString())
                {
                    case "learningRate": state.LearningRate = reader.ReadSingle(); break;
                    case "bestValidationError": state.BestValidationError = reader.ReadDouble(); break;
                    case "drops": state.Drops = reader.ReadInt32(); break;
                    case "epochsSinceImprovement": state.EpochsSinceImprovement = reader.ReadInt32(); break;
                    case "epochsSinceBest": state.EpochsSinceBest = reader.ReadInt32(); break;
                    default: reader.Skip(); break;
                }
            }
            return state;
        }

        static void WriteSettings(ref MessagePackWriter writer, TrainingSettings s)
        {
            writer.WriteMapHeader(16);
            writer.Write("epochs"); writer.Write(s.Epochs);
            writer.Write("batchSize"); writer.Write(s.BatchSize);
            writer.Write("learningRate"); writer.Write(s.LearningRate);
            writer.Write("momentum"); writer.Write(s.Momentum);
            writer.Write("weightDecay"); writer.Write(s.WeightDecay);
            writer.Write("seed"); writer.Write(s.Seed);
            writer.Write("schedule"); writer.Write((int)s.Schedule);
            writer.Write("patience"); writer.Write(s.Patience);
            writer.Write("maxDrops"); writer.Write(s.MaxDrops);
            writer.Write("stepEpochs"); PackedArrays.WriteInts(ref writer, s.StepEpochs);
            writer.Write("checkpointEverySteps"); writer.Write(s.CheckpointEverySteps);
            writer.Write("augmentation"); writer.Write((int)s.Augmentation);
            writer.Write("warmupEpochs"); writer.Write(s.WarmupEpochs);
            writer.Write("earlyStopPatience"); writer.Write(s.EarlyStopPatience);
            writer.Write("frozen"); writer.Write((int)s.Frozen);
            writer.Write("keptLayersRate"); writer.Write(s.KeptLayersRate);
        }

        static TrainingSettings ReadSettings(ref MessagePackReader reader)
        {
            var s = new TrainingSettings();
            int count = reader.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                switch (reader.ReadString())
                {
                    case "epochs": s.Epochs = reader.ReadInt32(); break;
                    case "batchSize": s.BatchSize = reader.ReadInt32(); break;
                    case "learningRate": s.LearningRate = reader.ReadSingle(); break;
                    case "momentum": s.Momentum = reader.ReadSingle(); break;
                    case "weightDecay": s.WeightDecay = reader.ReadSingle(); break;
                    case "seed": s.Seed = reader.ReadUInt64(); break;
                    case "schedule": s.Schedule = (ScheduleKind)reader.ReadInt32(); break;
                    case "patience": s.Patience = reader.ReadInt32(); break;
                    case "maxDrops": s.MaxDrops = reader.ReadInt32(); break;
                    case "stepEpochs": s.StepEpochs = PackedArrays.ReadInts(ref reader); break;
                    case "checkpointEverySteps": s.CheckpointEverySteps = reader.ReadInt32(); break;
                    // Added after 0.1.0's first checkpoints; a file without them gets the defaults (the paper's recipe).
                    case "augmentation": s.Augmentation = (Data.AugmentationChoice)reader.ReadInt32(); break;
                    case "warmupEpochs": s.WarmupEpochs = reader.ReadInt32(); break;
                    case "earlyStopPatience": s.EarlyStopPatience = reader.ReadInt32(); break;
                    case "frozen": s.Frozen = (FineTuning.FrozenLayers)reader.ReadInt32(); break;
                    case "keptLayersRate": s.KeptLayersRate = reader.ReadSingle(); break;
                    default: reader.Skip(); break;
                }
            }
            return s;
        }

        static void WriteMetrics(ref MessagePackWriter writer, EpochMetrics m)
        {
            writer.WriteMapHeader(10);
            writer.Write("epoch"); writer.Write(m.Epoch);
            writer.Write("learningRate"); writer.Write(m.LearningRate);
            writer.Write("trainLoss"); writer.Write(m.TrainLoss);
            writer.Write("trainTop1"); writer.Write(m.TrainTop1Error);
            writer.Write("trainTop5"); writer.Write(m.TrainTop5Error);
            writer.Write("valLoss"); writer.Write(m.ValidationLoss);
            writer.Write("valTop1"); writer.Write(m.ValidationTop1Error);
            writer.Write("valTop5"); writer.Write(m.ValidationTop5Error);
            writer.Write("seconds"); writer.Write(m.Seconds);
            writer.Write("imagesPerSecond"); writer.Write(m.ImagesPerSecond);
        }

        static EpochMetrics ReadMetrics(ref MessagePackReader reader)
        {
            var m = new EpochMetrics();
            int count = reader.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                switch (reader.ReadString())
                {
                    case "epoch": m.Epoch = reader.ReadInt32(); break;
                    case "learningRate": m.LearningRate = reader.ReadSingle(); break;
                    case "trainLoss": m.TrainLoss = reader.ReadDouble(); break;
                    case "trainTop1": m.TrainTop1Error = reader.ReadDouble(); break;
                    case "trainTop5": m.TrainTop5Error = reader.ReadDouble(); break;
                    case "valLoss": m.ValidationLoss = reader.ReadDouble(); break;
                    case "valTop1": m.ValidationTop1Error = reader.ReadDouble(); break;
                    case "valTop5": m.ValidationTop5Error = reader.ReadDouble(); break;
                    case "seconds": m.Seconds = reader.ReadDouble(); break;
                    case "imagesPerSecond": m.ImagesPerSecond = reader.ReadDouble(); break;
                    default: reader.Skip(); break;
                }
            }
            return m;
        }
    }
}
