using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using NUnit.Framework;
using Sightline.Data;
using Sightline.Cpu;
using Sightline.Model;
using Sightline.Training;
using Sightline.Training.Batches;
using Sightline.Training.Checkpoints;
using Sightline.Training.Evaluation;
using Sightline.Training.Sessions;

namespace Sightline.Tests.Training
{
    public class TrainingSessionTests
    {
        static string _data = string.Empty;
        string _runs = string.Empty;

        static NetworkSpec Tiny(InitScheme init = InitScheme.He) => new NetworkSpec("tiny", 3, 64, 0.125f, 2, true, true, 0.5f, init);

        [SetUp]
        public void SetUp()
        {
            // One small dataset for all tests of the fixture (writing it costs more than a tiny training epoch).
            if (_data.Length == 0 || !Directory.Exists(_data))
            {
                _data = TinyDatasets.Write(TinyDatasets.NewFolder("tiny-data"), 40, 11, 6);
                string folder = _data;
                AppDomain.CurrentDomain.ProcessExit += (_, __) => TinyDatasets.TryDelete(folder);
            }
            _runs = TinyDatasets.NewFolder("runs");
        }

        [TearDown]
        public void TearDown()
        {
            if (Directory.Exists(_runs)) Directory.Delete(_runs, true);
        }

        static TrainingSettings Settings(int epochs, float lr = 0.01f) => new TrainingSettings { Epochs = epochs, BatchSize = 16, LearningRate = lr, Seed = 3 };

        static CpuEngine Engine(NetworkSpec spec) => new CpuEngine(spec, 16, new CpuEngineOptions { ThreadCount = 2 });

        static float[] Parameters(CpuEngine engine)
        {
            var p = new float[engine.Spec.ParameterCount];
            engine.GetParameters(p);
            return p;
        }

        static float[] Momentum(CpuEngine engine)
        {
            var p = new float[engine.Spec.ParameterCount];
            engine.GetMomentum(p);
            return p;
        }

        [Test]
        public void TwoEpochsStraightEqualOneEpochResumeOneEpochBitwise()
        {
            var spec = Tiny();
            float[] straight, straightMomentum;
            using (var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize))
            using (var engine = Engine(spec))
            {
                var result = TrainingSession.Start(engine, data.Source, Settings(2), Path.Combine(_runs, "a")).Run();
                Assert.That(result.Reason, Is.EqualTo(StopReason.Completed));
                straight = Parameters(engine);
                straightMomentum = Momentum(engine);
            }

            string run = Path.Combine(_runs, "b");
            using (var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize))
            using (var engine = Engine(spec))
                TrainingSession.Start(engine, data.Source, Settings(1), run).Run();

            var checkpoint = CheckpointFile.Load(new RunFolder(run).Checkpoint);
            Assert.That(checkpoint.State.Epoch, Is.EqualTo(1));
            var normalization = checkpoint.Model.Normalization;
            using (var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize, normalization, checkpoint.Model.Labels))
            using (var engine = Engine(checkpoint.Model.Spec))
            {
                var session = TrainingSession.Resume(checkpoint, engine, data.Source, run, epochs: 2);
                var result = session.Run();
                Assert.That(result.Reason, Is.EqualTo(StopReason.Completed));
                Assert.That(session.History.Count, Is.EqualTo(2));
                Assert.That(Parameters(engine), Is.EqualTo(straight));
                Assert.That(Momentum(engine), Is.EqualTo(straightMomentum));
            }
        }

        [Test]
        public void CancelledMidEpochSavesAPositionThatResumesExactly()
        {
            var spec = Tiny();
            float[] straight;
            using (var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize))
            using (var engine = Engine(spec))
            {
                TrainingSession.Start(engine, data.Source, Settings(1), null).Run();
                straight = Parameters(engine);
            }

            string run = Path.Combine(_runs, "c");
            using (var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize))
            using (var engine = Engine(spec))
            using (var stop = new CancellationTokenSource())
            {
                var session = TrainingSession.Start(engine, data.Source, Settings(1), run);
                session.StepCompleted += (_, p) => { if (p.Batch == 2) stop.Cancel(); };
                var result = session.Run(stop.Token);
                Assert.That(result.Reason, Is.EqualTo(StopReason.Cancelled));
                Assert.That(result.Message, Does.Contain("checkpoint saved"));
            }
            var checkpoint = CheckpointFile.Load(new RunFolder(run).Checkpoint);
            Assert.That(checkpoint.State.Epoch, Is.EqualTo(0));
            Assert.That(checkpoint.State.BatchInEpoch, Is.EqualTo(2));
            Assert.That(checkpoint.State.Step, Is.EqualTo(2));
            var normalization = checkpoint.Model.Normalization;
            using (var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize, normalization, checkpoint.Model.Labels))
            using (var engine = Engine(spec))
            {
                TrainingSession.Resume(checkpoint, engine, data.Source, run).Run();
                Assert.That(Parameters(engine), Is.EqualTo(straight));
            }
        }

        [Test]
        public void DivergingRunStopsAndKeepsTheLastGoodCheckpoint()
        {
            string run = Path.Combine(_runs, "d");
            using var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize);
            using (var engine = Engine(Tiny()))
                TrainingSession.Start(engine, data.Source, Settings(1), run).Run();
            var good = CheckpointFile.Load(new RunFolder(run).Checkpoint);

            // The same run continued with an absurd learning rate.
            var edited = CheckpointFile.Load(new RunFolder(run).Checkpoint);
            edited.State.Schedule.LearningRate = 1e6f;
            CheckpointFile.Save(new RunFolder(run).Checkpoint, edited);
            using (var engine = Engine(Tiny()))
            {
                var notices = new List<TrainingNotice>();
                var session = TrainingSession.Resume(edited, engine, data.Source, run, epochs: 3);
                session.Notice += (_, n) => notices.Add(n);
                var result = session.Run();
                Assert.That(result.Reason, Is.EqualTo(StopReason.Diverged));
                Assert.That(result.Message, Does.Contain("diverged").And.Contain("last good checkpoint"));
                Assert.That(notices.Count, Is.GreaterThan(0));
            }
            var after = CheckpointFile.Load(new RunFolder(run).Checkpoint);
            Assert.That(after.State.Step, Is.EqualTo(good.State.Step));
            Assert.That(after.State.Epoch, Is.EqualTo(1));
        }

        [Test]
        public void LossStuckAtChanceIsNoted()
        {
            using var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize);
            using var engine = Engine(Tiny(InitScheme.Paper));
            var session = TrainingSession.Start(engine, data.Source, Settings(2, 1e-7f), null);
            session.StuckAfterSteps = 4;
            var notices = new List<string>();
            session.Notice += (_, n) => notices.Add(n.Message);
            session.Run();
            Assert.That(notices, Has.Some.Contains("has not left chance level"), "smoothed loss " + session.SmoothedLoss);
        }

        [Test]
        public void LossFallsAndValidationMatchesTheEvaluator()
        {
            using var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize);
            using var engine = new CpuEngine(Tiny(), 8, new CpuEngineOptions { ThreadCount = 2 });
            var epochs = new List<double>();
            var session = TrainingSession.Start(engine, data.Source, new TrainingSettings { Epochs = 5, BatchSize = 8, LearningRate = 0.003f, Seed = 3 }, null);
            session.EpochCompleted += (_, m) => epochs.Add(m.ValidationTop1Error);
            var result = session.Run();
            Assert.That(epochs.Count, Is.EqualTo(5));
            Assert.That(result.History[4].TrainLoss, Is.LessThan(0.85 * result.History[0].TrainLoss), "the training loss should fall");

            var centre = Evaluator.Evaluate(engine, data.Source, DatasetSplit.Validation, false);
            var ten = Evaluator.Evaluate(engine, data.Source, DatasetSplit.Validation, true);
            Assert.That(centre.Count, Is.EqualTo(18));
            Assert.That(ten.Count, Is.EqualTo(18));
            Assert.That(ten.Confusion.Total, Is.EqualTo(18));
            Assert.That(centre.Confusion.Correct, Is.EqualTo((int)Math.Round(18 * (1 - centre.Top1Error))));
            // The session's validation after the last epoch is this same centre-crop evaluation.
            Assert.That(centre.Top1Error, Is.EqualTo(epochs[4]).Within(1e-12));
            Assert.That(ten.Loss, Is.Not.EqualTo(centre.Loss));
        }

        [Test]
        public void DataThatDoesNotFitTheSpecIsRefused()
        {
            using var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize);
            using var engine = Engine(Tiny().WithClasses(5));
            var e = Assert.Throws<ArgumentException>(() => TrainingSession.Start(engine, data.Source, Settings(1), null));
            Assert.That(e!.Message, Does.Contain("3 classes").And.Contain("5"));
        }
    }
}
