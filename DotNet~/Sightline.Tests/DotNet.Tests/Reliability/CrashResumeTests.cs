using System;
using System.Linq;
using NUnit.Framework;
using Sightline.Cli.Reliability;

namespace Sightline.Tests.Reliability
{
    /// <summary>Child `sightline` processes SIGKILLed at seeded random points (capture, step, checkpoint write, startup), then resumed.</summary>
    public class CrashResumeTests
    {
        [Test]
        public void ScheduleKillsDuringCaptureThenEveryTrainingPointAtLeastOnce()
        {
            foreach (int seed in new[] { 1, 2, 77 })
            {
                var points = CrashResumeDrill.Schedule(seed, 5);
                Assert.That(points.Length, Is.EqualTo(7));
                Assert.That(points.Take(2), Is.All.EqualTo(CrashResumeDrill.KillPoint.DuringCapture));
                Assert.That(points.Skip(2), Has.Some.EqualTo(CrashResumeDrill.KillPoint.DuringStep));
                Assert.That(points.Skip(2), Has.Some.EqualTo(CrashResumeDrill.KillPoint.DuringCheckpointWrite));
                Assert.That(points.Skip(2), Has.Some.EqualTo(CrashResumeDrill.KillPoint.DuringStartup));
                Assert.That(CrashResumeDrill.Schedule(seed, 5), Is.EqualTo(points), "a seed replays the same schedule");
            }
        }

        [Test]
        public void KilledCaptureAndTrainingLoseNothingAndResume()
        {
            // A new seed each run (the invariants must hold for every schedule); the message names it for replay.
            int seed = Environment.TickCount & 0xFFFF;
            var row = CrashResumeDrill.Run(seed, 3);
            string report = $"seed {seed}: {row.Detail}; " + string.Join("; ", row.Problems);
            Assert.That(row.DataLost, Is.EqualTo(0), report);
            Assert.That(row.UnhandledExceptions, Is.EqualTo(0), report);
            Assert.That(row.Problems, Is.Empty, report);
            // Two capture kills and three training kills, each survived, then the final resume.
            Assert.That(row.InputsTried, Is.EqualTo(6), report);
            Assert.That(row.CrashesSurvived, Is.EqualTo(5), report);
            Assert.That(row.Detail, Does.Match(@"; [1-9][0-9]* frames reported written before the capture kills, each checked"), report);
        }

        [Test]
        public void AFrameReportedWrittenButMissingAfterReopeningIsDataLost()
        {
            string folder = DrillData.NewFolder("durable");
            try
            {
                DrillData.WriteDataset(folder, 2, 5);
                var present = Sightline.Data.Dataset.Open(folder, repair: false).Frames.Select(f => f.RelativePath).ToList();
                var row = new ReliabilityRow("t");
                Assert.That(DrillData.CheckDurable(folder, present, row), Is.EqualTo(present.Count));
                Assert.That(row.DataLost, Is.EqualTo(0), string.Join("; ", row.Problems));
                // The count alone would not notice: one reported frame gone, one unreported frame in its place.
                System.IO.File.Delete(System.IO.Path.Combine(folder, present[0]));
                DrillData.CheckDurable(folder, present, row);
                Assert.That(row.DataLost, Is.EqualTo(1));
                Assert.That(row.Problems[0], Does.Contain(present[0]).And.Contain("reported written before the kill"));
            }
            finally
            {
                DrillData.TryDelete(folder);
            }
        }
    }
}
