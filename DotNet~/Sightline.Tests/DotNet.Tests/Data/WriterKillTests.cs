using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NUnit.Framework;
using Sightline.Data;
using Sightline.Tests.Core.Data;

namespace Sightline.Tests.Data
{
    /// <summary>Kills a process that is writing frames and checks what a crash leaves (.NET only: Unity's runner cannot spawn the CLI).</summary>
    public class WriterKillTests
    {
        static Process StartWriter(string dataset)
        {
            string cli = Path.Combine(Path.GetDirectoryName(typeof(Sightline.Cli.Program).Assembly.Location)!, "sightline.dll");
            Assume.That(File.Exists(cli), Is.True, "the CLI is built next to the tests");
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "exec", cli, "debug-write-frames", dataset, "--size", "32", "--delay-ms", "2", "--seconds", "20" }) info.ArgumentList.Add(a);
            return Process.Start(info)!;
        }

        /// <summary>Starts a writer process, lets it write <paramref name="frames"/> more frames, and kills it without warning.</summary>
        static void WriteThenKill(string dataset, int frames)
        {
            int before = CountPngs(dataset);
            using var child = StartWriter(dataset);
            bool exitedEarly;
            try
            {
                // "durable PATH" lines name frames the writer reported written; "writing" says it is under way.
                string? line = child.StandardOutput.ReadLine();
                while (line != null && line.StartsWith(Sightline.Cli.Commands.DebugWriteFramesCommand.DurablePrefix, StringComparison.Ordinal))
                    line = child.StandardOutput.ReadLine();
                // Read the child's errors only if it failed: ReadToEnd waits for it to exit.
                if (line != "writing") Assert.Fail("the writer process failed: " + line + child.StandardError.ReadToEnd());
                // Keep draining stdout so a full pipe never blocks the writer.
                _ = child.StandardOutput.ReadToEndAsync();
                var watch = Stopwatch.StartNew();
                while (watch.Elapsed.TotalSeconds < 5 && CountPngs(dataset) < before + frames) Thread.Sleep(10);
                Thread.Sleep(new Random().Next(1, 15));
            }
            finally
            {
                exitedEarly = child.HasExited;
                child.Kill(true);
                child.WaitForExit();
            }
            Assert.That(exitedEarly, Is.False, "killed while writing, not after it finished");
        }

        [Test]
        public void KilledMidWriteLeavesOnlyCompleteFramesAndReopens()
        {
            using var dir = new TempFolder();
            string dataset = dir.Combine("captures");
            for (int round = 0; round < 3; round++)
            {
                // Each round's child reopens what the previous kill left.
                WriteThenKill(dataset, 25);
                var ds = Dataset.Open(dataset, repair: false);
                Assert.That(ds.Problems.Where(p => p.Severity == ProblemSeverity.Error), Is.Empty);
                Assert.That(ds.Frames.Count, Is.EqualTo(CountPngs(dataset)));
                Assert.That(ds.Frames.Count, Is.GreaterThanOrEqualTo(25 * (round + 1)));
                // Every frame on disk is complete: it decodes.
                foreach (var frame in ds.Frames)
                    Assert.That(ImageDecoder.DecodeSquare(frame.Path, 32).Length, Is.EqualTo(32 * 32 * 3), frame.Path);
                var listed = ManifestFile.Read(Path.Combine(dataset, DatasetLayout.ManifestFile));
                Assert.That(listed.Frames.All(f => File.Exists(Path.Combine(dataset, f.Path))), Is.True, "no manifest entry without its image");
            }

            int total = Dataset.Open(dataset, repair: false).Frames.Count;
            using (var writer = DatasetWriter.Open(dataset))
            {
                Assert.That(writer.FrameCount, Is.EqualTo(total));
                writer.Write(TestImages.Frame(32, 32, 1), "label0");
            }
            Assert.That(Directory.GetFiles(dataset, "*.tmp", SearchOption.AllDirectories), Is.Empty);
            var after = Dataset.Open(dataset);
            Assert.That(after.Frames.Count, Is.EqualTo(total + 1));
            Assert.That(after.Problems, Is.Empty);
            Assert.That(ManifestFile.Read(Path.Combine(dataset, DatasetLayout.ManifestFile)).Frames.Count, Is.EqualTo(total + 1));
        }

        static int CountPngs(string dataset) =>
            Directory.Exists(Path.Combine(dataset, "frames")) ? Directory.GetFiles(Path.Combine(dataset, "frames"), "*.png", SearchOption.AllDirectories).Length : 0;
    }
}
