using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using NUnit.Framework;
using Sightline.Reliability.Fuzzing;

namespace Sightline.Tests.Diagnostics.Fuzzing
{
    public class FuzzRunnerTests
    {
        sealed class ToyError : Exception
        {
            public ToyError(string message) : base(message) { }
        }

        /// <summary>A toy parser: accepts inputs starting with 'A', rejects others with ToyError, and misbehaves on request.</summary>
        sealed class ToyTarget : FuzzTarget
        {
            readonly Action<byte[], string> _run;

            public ToyTarget(Action<byte[], string> run) { _run = run; }

            public override string Name => "toy";
            public override string Description => "toy parser";
            public override IReadOnlyList<Type> ExpectedExceptions => new[] { typeof(ToyError) };
            protected override IReadOnlyList<byte[]> CreateSeeds() => new[] { new byte[] { (byte)'A', 1, 2, 3, 4, 5, 6, 7 }, new byte[] { (byte)'A', 9, 9 } };
            public override void Run(byte[] input, string path) => _run(input, path);
        }

        static void Parse(byte[] input, string path)
        {
            if (input.Length == 0 || input[0] != (byte)'A') throw new ToyError(path + ": not a toy file");
        }

        [Test]
        public void CleanParserPassesAndSeedsCountAsSuccesses()
        {
            var report = FuzzRunner.Run(new ToyTarget(Parse), new FuzzSettings { Seed = 5, MaxCases = 300 });
            Assert.That(report.Cases, Is.EqualTo(300));
            Assert.That(report.FailureCount, Is.EqualTo(0));
            Assert.That(report.Successes, Is.GreaterThanOrEqualTo(2));
            Assert.That(report.ExpectedErrors["ToyError"], Is.GreaterThan(0));
            Assert.That(report.Successes + report.ExpectedErrorCount, Is.EqualTo(300));
        }

        [Test]
        public void ForeignExceptionIsAReproducibleFailure()
        {
            var target = new ToyTarget((input, path) =>
            {
                Parse(input, path);
                if (Array.IndexOf(input, (byte)0xFF) >= 0) throw new IndexOutOfRangeException("toy bug");
            });
            var report = FuzzRunner.Run(target, new FuzzSettings { Seed = 9, MaxCases = 200 });
            Assert.That(report.FailureCount, Is.GreaterThan(0));
            var failure = report.Failures[0];
            Assert.That(failure.Kind, Is.EqualTo("exception"));
            Assert.That(failure.ExceptionType, Does.Contain("IndexOutOfRangeException"));
            // The seed and case number alone give back the failing input.
            var again = FuzzRunner.CaseInput(target, 9, failure.CaseIndex);
            Assert.That(again.Length, Is.EqualTo(failure.InputLength));
            Assert.Throws<IndexOutOfRangeException>(() => target.Run(again, "replay"));
        }

        [Test]
        public void OwnExceptionWithoutTheFileNameIsAFailure()
        {
            var target = new ToyTarget((input, path) =>
            {
                if (input.Length == 0 || input[0] != (byte)'A') throw new ToyError("not a toy file");
            });
            var report = FuzzRunner.Run(target, new FuzzSettings { Seed = 2, MaxCases = 100 });
            Assert.That(report.FailureCount, Is.GreaterThan(0));
            Assert.That(report.Failures[0].Kind, Is.EqualTo("message"));
        }

        [Test]
        public void HangIsDetectedAndTheRunContinues()
        {
            var target = new ToyTarget((input, path) =>
            {
                Parse(input, path);
                if (input.Length > 8) Thread.Sleep(3000);
            });
            var report = FuzzRunner.Run(target, new FuzzSettings { Seed = 4, MaxCases = 40, CaseTimeout = TimeSpan.FromMilliseconds(100), MaxFailuresKept = 2 });
            Assert.That(report.Cases, Is.EqualTo(40));
            Assert.That(report.FailureCount, Is.GreaterThan(0));
            Assert.That(report.Failures[0].Kind, Is.EqualTo("hang"));
            Assert.That(report.Successes, Is.GreaterThan(0), "cases after a hang still run on a fresh worker");
        }

#if NET
        [Test]
        public void AllocationOverTheCeilingIsAFailure()
        {
            var target = new ToyTarget((input, path) =>
            {
                Parse(input, path);
                var big = new byte[input.Length * 4 * 1024 * 1024];
                GC.KeepAlive(big);
            });
            var report = FuzzRunner.Run(target, new FuzzSettings { Seed = 1, MaxCases = 30, MemoryCeilingBytes = 16L * 1024 * 1024 });
            Assert.That(report.FailureCount, Is.GreaterThan(0));
            Assert.That(report.Failures[0].Kind, Is.EqualTo("memory"));
        }
#endif

        [Test]
        public void FailingInputsAreSavedWhenAsked()
        {
            string folder = Path.Combine(Path.GetTempPath(), "sightline-fuzz-test-" + Guid.NewGuid().ToString("N"));
            try
            {
                var target = new ToyTarget((input, path) => throw new InvalidCastException("always"));
                var report = FuzzRunner.Run(target, new FuzzSettings { Seed = 3, MaxCases = 5, SaveFailuresTo = folder });
                Assert.That(report.FailureCount, Is.EqualTo(5));
                Assert.That(report.Failures[0].Kind, Is.EqualTo("seed rejected"));
                Assert.That(File.ReadAllBytes(report.Failures[4].SavedTo!), Is.EqualTo(FuzzRunner.CaseInput(target, 3, 4)));
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, true);
            }
        }

        [Test]
        public void DurationStopsTheRun()
        {
            var report = FuzzRunner.Run(new ToyTarget(Parse), new FuzzSettings { Seed = 1, Duration = TimeSpan.FromMilliseconds(300) });
            Assert.That(report.Cases, Is.GreaterThan(0));
            Assert.That(report.Elapsed.TotalSeconds, Is.LessThan(10));
        }
    }
}
