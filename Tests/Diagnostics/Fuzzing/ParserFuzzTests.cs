using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Sightline.Data;
using Sightline.Reliability.Fuzzing;
using Sightline.Training.Checkpoints;

namespace Sightline.Tests.Diagnostics.Fuzzing
{
    /// <summary>
    /// The CI budget of issue 11's fuzzing: a fixed number of deterministic cases per parser, no failures allowed
    /// (`sightline fuzz TARGET --seconds N` runs longer). A failure message gives the seed and case to replay.
    /// </summary>
    public class ParserFuzzTests
    {
        internal const int Cases = 500;
        internal const ulong Seed = 20261126;

        internal static void AssertClean(FuzzTarget target)
        {
            // A tight memory ceiling: seed files are a few kilobytes, so no case has a reason to allocate 64 MiB.
            var report = FuzzRunner.Run(target, new FuzzSettings { Seed = Seed, MaxCases = Cases, MemoryCeilingBytes = 64L * 1024 * 1024 });
            string failures = string.Join("\n", report.Failures.Select(f => $"{f} (mutations: {f.Mutations}; replay: sightline fuzz {target.Name} --seed {Seed} --replay {f.CaseIndex})"));
            Assert.That(report.FailureCount, Is.EqualTo(0), failures);
            Assert.That(report.Cases, Is.EqualTo(Cases));
            // The seeds parse, and the mutations reach the parser's own error paths.
            Assert.That(report.Successes, Is.GreaterThanOrEqualTo(target.Seeds.Count));
            Assert.That(report.ExpectedErrorCount, Is.GreaterThan(Cases / 4));
        }

        [Test]
        public void ImageDecoderSurvivesMutatedImages() => AssertClean(new ImageFuzzTarget());

        [Test]
        public void ManifestReaderSurvivesMutatedManifests() => AssertClean(new ManifestFuzzTarget());

        [Test]
        public void CheckpointReaderSurvivesMutatedCheckpoints() => AssertClean(new CheckpointFuzzTarget());

        [Test]
        public void ModelFileReaderSurvivesMutatedModelFiles() => AssertClean(new ModelFileFuzzTarget());

        [Test]
        public void CheckpointWithAnOutOfRangeNumberIsACheckpointException()
        {
            // Found by fuzzing: a settings integer stored wider than its field escaped as OverflowException.
            var target = new CheckpointFuzzTarget();
            var seed = target.Seeds[0];
            int at = IndexOf(seed, System.Text.Encoding.UTF8.GetBytes("batchSize"));
            Assert.That(at, Is.GreaterThan(0));
            var damaged = (byte[])seed.Clone();
            int value = at + "batchSize".Length;
            // int32 8 -> uint64 marker with the following bytes: far beyond int range.
            damaged[value] = 0xcf;
            damaged = CheckpointFuzzTarget.RehashPayload(damaged);
            string path = Path.Combine(Path.GetTempPath(), "overflow" + CheckpointFile.Extension);
            var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Parse(path, damaged));
            Assert.That(e!.Message, Does.Contain(path));
        }

        [Test]
        public void BmpWithAPixelOffsetPastTheEndIsRefusedBeforeDecoding()
        {
            // Found by fuzzing: ImageSharp allocated a buffer as large as the claimed offset (64 MiB for a 1 KB file).
            var bmp = new ImageFuzzTarget().Seeds.First(s => s[0] == (byte)'B' && s[1] == (byte)'M');
            var damaged = Mutator.SetWord(bmp, 10, 0x04000436u, false);
            string path = Path.Combine(Path.GetTempPath(), "sightline-fuzz-offset-" + Guid.NewGuid().ToString("N") + ".bmp");
            File.WriteAllBytes(path, damaged);
            try
            {
                var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Identify(path));
                Assert.That(e!.Message, Does.Contain("pixel data offset"));
                Assert.That(e.Message, Does.Contain(path));
            }
            finally
            {
                File.Delete(path);
            }
        }

        static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
            return -1;
        }
    }
}
