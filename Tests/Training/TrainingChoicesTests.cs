using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Sightline.Cpu;
using Sightline.Data;
using Sightline.Model;
using Sightline.Training;
using Sightline.Training.Batches;
using Sightline.Training.Checkpoints;
using Sightline.Training.FineTuning;
using Sightline.Training.Runs;
using Sightline.Training.Schedules;
using Sightline.Training.Sessions;

namespace Sightline.Tests.Training
{
    /// <summary>Augmentation choice, schedules, stop conditions, frozen layers and the one orchestrator, on tiny data and the CPU engine.</summary>
    public class TrainingChoicesTests
    {
        static string _data = string.Empty;
        string _runs = string.Empty;

        static NetworkSpec Tiny() => new NetworkSpec("tiny", 3, 64, 0.125f, 2, true, true, 0.5f, InitScheme.He);

        [SetUp]
        public void SetUp()
        {
            if (_data.Length == 0 || !Directory.Exists(_data))
            {
                _data = TinyDatasets.Write(TinyDatasets.NewFolder("choices-data"), 24, 21, 6, 5);
                string folder = _data;
                AppDomain.CurrentDomain.ProcessExit += (_, __) => TinyDatasets.TryDelete(folder);
            }
            _runs = TinyDatasets.NewFolder("choices-runs");
        }

        [TearDown]
        public void TearDown() => TinyDatasets.TryDelete(_runs);

        static TrainingSettings Settings(int epochs) => new TrainingSettings { Epochs = epochs, BatchSize = 12, LearningRate = 0.01f, Seed = 4 };

        static CpuEngine Engine(NetworkSpec spec) => new CpuEngine(spec, 12, new CpuEngineOptions { ThreadCount = 2 });

        static float[] Parameters(CpuEngine engine)
        {
            var p = new float[engine.Spec.ParameterCount];
            engine.GetParameters(p);
            return p;
        }

        [Test]
        public void NoneTrainsOnTheCentreViewBitForBit()
        {
            using var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize);
            var samples = new[] { 0, 5, 9, 17 };
            int stride = 3 * 64 * 64;
            var none = new float[samples.Length * stride];
            var centre = new float[none.Length];
            var labels = new int[samples.Length];
            data.Source.FillTraining(samples, 77, AugmentationChoice.None, none, labels);
            data.Source.FillView(DatasetSplit.Train, samples, CropView.Centre, centre, labels);
            Assert.That(none, Is.EqualTo(centre));
            var paper = new float[none.Length];
            data.Source.FillTraining(samples, 77, AugmentationChoice.Paper, paper, labels);
            Assert.That(paper, Is.Not.EqualTo(centre), "the paper's recipe changes the crops");
        }

        [Test]
        public void CosineRunEndsNearZeroAndTheCheckpointKeepsTheChoices()
        {
            string run = Path.Combine(_runs, "cosine");
            var settings = Settings(3);
            settings.Schedule = ScheduleKind.Cosine;
            settings.WarmupEpochs = 1;
            settings.Augmentation = AugmentationChoice.NoFlips;
            settings.EarlyStopPatience = 5;
            using (var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize))
            using (var engine = Engine(Tiny()))
            {
                var result = TrainingSession.Start(engine, data.Source, settings, run).Run();
                Assert.That(result.Reason, Is.EqualTo(StopReason.Completed));
                Assert.That(result.History[0].LearningRate, Is.EqualTo(0.01f).Within(1e-7f), "the last warm-up step runs at the full rate");
                Assert.That(result.History[1].LearningRate, Is.LessThan(0.01f).And.GreaterThan(0.001f));
                Assert.That(result.History[2].LearningRate, Is.LessThan(0.0005f));
            }
            var saved = CheckpointFile.Load(new RunFolder(run).Checkpoint).State.Settings;
            Assert.That(saved.Augmentation, Is.EqualTo(AugmentationChoice.NoFlips));
            Assert.That(saved.Schedule, Is.EqualTo(ScheduleKind.Cosine));
            Assert.That(saved.WarmupEpochs, Is.EqualTo(1));
            Assert.That(saved.EarlyStopPatience, Is.EqualTo(5));
        }

        [Test]
        public void EarlyStoppingEndsARunThatStoppedImproving()
        {
            var settings = Settings(6);
            // A rate this small cannot change a prediction: validation stays where epoch 1 left it.
            settings.LearningRate = 1e-12f;
            settings.EarlyStopPatience = 2;
            using var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize);
            using var engine = Engine(Tiny());
            var result = TrainingSession.Start(engine, data.Source, settings, Path.Combine(_runs, "early")).Run();
            Assert.That(result.Reason, Is.EqualTo(StopReason.EarlyStopped), result.Message);
            Assert.That(result.EpochsCompleted, Is.EqualTo(3));
            Assert.That(result.Message, Does.Contain("has not improved for 2 epochs"));
            Assert.That(File.Exists(result.CheckpointPath), Is.True);
        }

        [Test]
        public void ATargetIsAStopReasonNotACancellation()
        {
            using var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize);
            using var engine = Engine(Tiny());
            var session = TrainingSession.Start(engine, data.Source, Settings(4), Path.Combine(_runs, "target"));
            session.Stops = new StopConditions { TargetValidationError = 0.999 };
            var result = session.Run();
            Assert.That(result.Reason, Is.EqualTo(StopReason.TargetReached));
            Assert.That(result.EpochsCompleted, Is.EqualTo(1));
        }

        [Test]
        public void FrozenConvolutionsDoNotMoveWhileTheRestLearns()
        {
            var spec = Tiny();
            var start = new float[spec.ParameterCount];
            ParameterInitializer.Initialize(spec, 99, start);
            var settings = Settings(1);
            settings.Frozen = FrozenLayers.Convolutions;
            settings.KeptLayersRate = 0.5f;
            using var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize);
            using var engine = Engine(spec);
            TrainingSession.Start(engine, data.Source, settings, null, start).Run();
            var after = Parameters(engine);
            var momentum = new float[spec.ParameterCount];
            engine.GetMomentum(momentum);
            foreach (var layer in spec.Layers.Where(l => l.HasParameters))
            {
                var before = start.AsSpan(layer.WeightOffset, layer.WeightCount + layer.BiasCount).ToArray();
                var now = after.AsSpan(layer.WeightOffset, layer.WeightCount + layer.BiasCount).ToArray();
                if (layer.Kind == LayerKind.Convolution)
                {
                    Assert.That(now, Is.EqualTo(before), layer.Name + " is frozen");
                    Assert.That(momentum.AsSpan(layer.WeightOffset, layer.WeightCount).ToArray().All(v => v == 0f), Is.True, layer.Name + " momentum");
                }
                else Assert.That(now, Is.Not.EqualTo(before), layer.Name + " trains");
            }
        }

        [Test]
        public void KeptLayersMoveSlowerThanTheNewLastLayer()
        {
            var spec = Tiny();
            var scales = LayerRates.For(spec, new TrainingSettings { KeptLayersRate = 0.1f })!;
            int last = spec.Layers.Count - 1;
            while (!spec.Layers[last].HasParameters) last--;
            Assert.That(scales[last], Is.EqualTo(1f));
            Assert.That(scales.Where((s, i) => i != last && spec.Layers[i].HasParameters), Is.All.EqualTo(0.1f));
            Assert.That(LayerRates.For(spec, new TrainingSettings()), Is.Null, "a run from scratch trains every layer at the rate");
        }

        [Test]
        public void JobScoresTheBestCheckpointOnValidationAndTestAndRefusesToOverwrite()
        {
            string run = Path.Combine(_runs, "job");
            var request = new TrainingJobRequest { DataFolder = _data, RunFolder = run, Preset = "mini", Settings = Settings(1) };
            // The tiny spec is not a preset: the job's engine factory gets the mini spec; keep the run short with one epoch.
            using (var job = TrainingJob.Open(request, (spec, batch) => new CpuEngine(spec, batch, new CpuEngineOptions { ThreadCount = 2 })))
            {
                Assert.That(job.DataDescription, Does.Contain("15 test frames"));
                var scored = job.Run();
                Assert.That(scored.ModelPath, Is.EqualTo(new RunFolder(run).Best));
                Assert.That(scored.Validation!.Count, Is.EqualTo(18));
                Assert.That(scored.Test!.Count, Is.EqualTo(15));
                Assert.That(scored.HonestSplit, Is.EqualTo("test"));
            }
            Assert.That(() => TrainingJob.Open(request, (spec, batch) => new CpuEngine(spec, batch)),
                Throws.ArgumentException.With.Message.Contains("already holds a run"));
        }
    }
}
