using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NUnit.Framework;
using Sightline.Editor.Training;
using Sightline.Editor.Training.Runs;
using Sightline.Tests.Training;
using Sightline.Training;
using Sightline.Training.Checkpoints;
using Sightline.Training.Sessions;
using Sightline.Unity.Engines;

namespace Sightline.Tests.Unity
{
    /// <summary>
    /// The Training window's run survives the editor: interrupted as a script reload interrupts it (the hook's call,
    /// then the window state thrown away and rebuilt from the run folder), it is offered for resuming and ends with
    /// the same weights, bit for bit, as a run that was never interrupted; its per-epoch log matches too.
    /// </summary>
    [Category("Training")]
    public class TrainingReloadTests
    {
        const int Epochs = 4, Batch = 8;
        string _root = "";
        string _data = "";

        [SetUp]
        public void CreateData()
        {
            _root = TinyDatasets.NewFolder("reload");
            _data = TinyDatasets.Write(Path.Combine(_root, "data"), framesPerClass: 11, seed: 5, validationPerClass: 3);
        }

        [TearDown]
        public void DeleteData() => TinyDatasets.TryDelete(_root);

        TrainingRequest Request(string run) => new TrainingRequest
        {
            DatasetFolder = _data,
            RunFolder = run,
            Preset = "mini",
            Engine = EngineChoice.Cpu,
            Settings = new TrainingSettings { Epochs = Epochs, BatchSize = Batch, LearningRate = 0.01f, Seed = 3 },
        };

        static void Finish(TrainingRun run)
        {
            Assert.That(run.WaitUntilStopped(TimeSpan.FromMinutes(5)), Is.True, "the run did not end within 5 minutes");
            if (run.Task!.IsFaulted) Assert.Fail("the run failed: " + run.Task.Exception!.GetBaseException());
        }

        [Test]
        public void ARunInterruptedAsByAScriptReloadResumesToTheWeightsOfAnUninterruptedRun()
        {
            string straight = Path.Combine(_root, "straight"), interrupted = Path.Combine(_root, "interrupted");
            using (var state = new TrainingWindowState(straight)) Finish(state.Start(Request(straight)));
            var expected = CheckpointFile.Load(new RunFolder(straight).Checkpoint);
            Assert.That(expected.State.Epoch, Is.EqualTo(Epochs));
            int steps = (int)expected.State.Step;

            // The window starts a run; mid-run the editor is about to reload scripts.
            using (var state = new TrainingWindowState(interrupted))
            {
                var run = state.Start(Request(interrupted));
                var clock = Stopwatch.StartNew();
                while (run.StepsDone < steps / 2 && run.IsRunning && clock.Elapsed < TimeSpan.FromMinutes(5)) Thread.Sleep(5);
                Assert.That(run.IsRunning, Is.True, $"the run ended before it could be interrupted ({run.Status})");
                var lines = ActiveTrainingRuns.InterruptAll("a script reload", TimeSpan.FromMinutes(2));
                Assert.That(lines, Has.Count.EqualTo(1));
                Assert.That(lines[0], Does.Contain("interrupted by a script reload").And.Contain("Resume"));
                Assert.That(run.IsRunning, Is.False);
            }
            var saved = CheckpointFile.Load(new RunFolder(interrupted).Checkpoint);
            Assert.That(saved.State.Step, Is.GreaterThanOrEqualTo(steps / 2).And.LessThan(steps), "the checkpoint holds the position where the run was interrupted");
            var record = RunRecord.Load(interrupted)!;
            Assert.That(record.State, Is.EqualTo(RunState.Interrupted));
            Assert.That(record.Outcome, Does.Contain("interrupted by a script reload"));

            // After the reload: a new window state from the run folder alone finds the run, its curves and the offer.
            using (var state = new TrainingWindowState(interrupted))
            {
                Assert.That(state.Run, Is.Null, "nothing is training after the reload");
                Assert.That(state.CanResume, Is.True, state.Problem);
                Assert.That(state.ResumeOffer, Does.Contain("interrupted by a script reload").And.Contain($"{saved.State.Epoch} of {Epochs} epochs done"));
                Assert.That(state.LoggedCurves.TrainAccuracy.Count, Is.EqualTo(saved.State.Epoch), "the curves come back from metrics.jsonl");
                Finish(state.ResumeOffered());
                state.Refresh();
                Assert.That(state.CanResume, Is.False, "a finished run is not offered again");
                Assert.That(state.Record!.State, Is.EqualTo(RunState.Finished));
                Assert.That(state.Record.ValidationTop1, Is.InRange(0.0, 1.0), "the finished run's record holds its validation score");
            }

            var resumed = CheckpointFile.Load(new RunFolder(interrupted).Checkpoint);
            Assert.That(resumed.State.Step, Is.EqualTo(expected.State.Step));
            Assert.That(resumed.Model.Parameters, Is.EqualTo(expected.Model.Parameters), "weights bit for bit");
            Assert.That(resumed.State.Momentum, Is.EqualTo(expected.State.Momentum), "momentum bit for bit");

            // The log holds every epoch once, with the uninterrupted run's numbers.
            var want = new EpochLog(straight).Read(out int unreadableA);
            var got = new EpochLog(interrupted).Read(out int unreadableB);
            Assert.That(unreadableA + unreadableB, Is.EqualTo(0));
            Assert.That(got.Select(e => e.Metrics.Epoch), Is.EqualTo(Enumerable.Range(1, Epochs)));
            Assert.That(got.Select(e => e.Step), Is.EqualTo(want.Select(e => e.Step)));
            Assert.That(got.Select(e => e.Metrics.TrainLoss), Is.EqualTo(want.Select(e => e.Metrics.TrainLoss)));
            Assert.That(got.Select(e => e.Metrics.ValidationTop1Error), Is.EqualTo(want.Select(e => e.Metrics.ValidationTop1Error)));
        }

        [Test]
        public void ALogWithEpochsPastTheCheckpointIsCutBackAndATornLineIsSkipped()
        {
            string run = Path.Combine(_root, "log");
            var log = new EpochLog(run);
            for (int e = 1; e <= 3; e++) log.Append(new Sightline.Training.Metrics.EpochMetrics { Epoch = e, TrainLoss = 1.0 / e, ValidationTop1Error = double.NaN }, 10 * e);
            File.AppendAllText(log.Path, "{\"epoch\":4,\"trainLo");
            var read = log.Read(out int unreadable);
            Assert.That(unreadable, Is.EqualTo(1));
            Assert.That(read.Select(e => e.Step), Is.EqualTo(new long[] { 10, 20, 30 }));
            Assert.That(double.IsNaN(read[0].Metrics.ValidationTop1Error), Is.True, "NaN is written as null and read back as NaN");

            // The checkpoint holds two epochs: the third line (and the torn one) go, the first two keep their steps.
            log.Reconcile(read.Take(2).Select(e => e.Metrics).ToList());
            var after = log.Read(out unreadable);
            Assert.That(unreadable, Is.EqualTo(0));
            Assert.That(after.Select(e => e.Step), Is.EqualTo(new long[] { 10, 20 }));
            Assert.That(after.Select(e => e.Metrics.TrainLoss), Is.EqualTo(new[] { 1.0, 0.5 }));
        }

        [Test]
        public void FlatJsonReadsBackWhatItWritesAndNamesWhatIsWrong()
        {
            string line = FlatJson.Write(new[]
            {
                new System.Collections.Generic.KeyValuePair<string, object?>("name", "a \"quoted\" \\ path\n"),
                new System.Collections.Generic.KeyValuePair<string, object?>("x", 0.1 + 0.2),
                new System.Collections.Generic.KeyValuePair<string, object?>("ok", true),
                new System.Collections.Generic.KeyValuePair<string, object?>("none", double.PositiveInfinity),
            });
            var back = FlatJson.Parse(line);
            Assert.That(back["name"], Is.EqualTo("a \"quoted\" \\ path\n"));
            Assert.That(back["x"], Is.EqualTo(0.1 + 0.2), "every bit of a double");
            Assert.That(back["ok"], Is.EqualTo(true));
            Assert.That(back["none"], Is.Null);
            Assert.That(() => FlatJson.Parse("{\"a\":{\"b\":1}}"), Throws.TypeOf<FormatException>().With.Message.Contains("nested"));
            Assert.That(() => FlatJson.Parse("{\"a\":1} x"), Throws.TypeOf<FormatException>().With.Message.Contains("after the object"));
        }

        [Test]
        public void TheRunsListComparesRunsFromTheirRecordsAndLogsNewestFirst()
        {
            string runs = Path.Combine(_root, "runs");
            var older = RunRecord.For(Request(Path.Combine(runs, "a")), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            older.State = RunState.Finished;
            older.ValidationTop1 = 0.75;
            older.Save(Path.Combine(runs, "a"));
            var log = new EpochLog(Path.Combine(runs, "a"));
            log.Append(new Sightline.Training.Metrics.EpochMetrics { Epoch = 1, Seconds = 2.5, ValidationTop1Error = 0.5 }, 4);
            log.Append(new Sightline.Training.Metrics.EpochMetrics { Epoch = 2, Seconds = 3.0, ValidationTop1Error = 0.25 }, 8);
            var newer = RunRecord.For(Request(Path.Combine(runs, "b")), new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc));
            newer.Save(Path.Combine(runs, "b"));
            Directory.CreateDirectory(Path.Combine(runs, "not-a-run"));
            Directory.CreateDirectory(Path.Combine(runs, "damaged"));
            File.WriteAllText(RunRecord.PathIn(Path.Combine(runs, "damaged")), "{");

            var problems = new System.Collections.Generic.List<string>();
            var list = RunSummary.ListIn(runs, problems);
            Assert.That(list.Select(r => r.Name), Is.EqualTo(new[] { "b", "a" }));
            Assert.That(problems, Has.Count.EqualTo(1).And.Some.Contains("damaged"));
            var a = list[1];
            Assert.That(a.Record.State, Is.EqualTo(RunState.Finished));
            Assert.That(a.Record.ValidationTop1, Is.EqualTo(0.75));
            Assert.That(a.EpochsDone, Is.EqualTo(2));
            Assert.That(a.TrainingSeconds, Is.EqualTo(5.5));
            Assert.That(a.BestValidationTop1, Is.EqualTo(0.75));
            Assert.That(a.Record.SettingsSummary, Does.Contain("mini").And.Contain($"{Epochs} epochs").And.Contain($"batch {Batch}"));
            Assert.That(list[0].EpochsDone, Is.EqualTo(0));
            Assert.That(double.IsNaN(list[0].BestValidationTop1), Is.True);
        }

        [Test]
        public void ADamagedRunRecordIsReportedNotThrownAtTheWindow()
        {
            string run = Path.Combine(_root, "damaged");
            Directory.CreateDirectory(run);
            File.WriteAllText(RunRecord.PathIn(run), "{\"state\":");
            using var state = new TrainingWindowState(run);
            Assert.That(state.Record, Is.Null);
            Assert.That(state.Problem, Does.Contain(RunRecord.FileName).And.Contain("is not a run record"));
            Assert.That(state.CanResume, Is.False);
        }
    }
}
