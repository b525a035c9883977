using System;
using System.IO;
using System.Text.Json;
using NUnit.Framework;
using Sightline.Cli.Commands;

namespace Sightline.Tests.Cli
{
    public class FuzzCommandTests
    {
        static (int code, string output, string error) Run(params string[] args) => ConsoleCapture.Sightline(args);

        [Test]
        public void FuzzAllJsonReportsEveryTargetWithoutFailures()
        {
            var (code, output, error) = Run("fuzz", "all", "--cases", "40", "--seed", "3", "--json");
            Assert.That(code, Is.EqualTo(0), error + output);
            using var doc = JsonDocument.Parse(output);
            // image, manifest, checkpoint, model, onnx.
            Assert.That(doc.RootElement.GetArrayLength(), Is.EqualTo(5));
            foreach (var report in doc.RootElement.EnumerateArray())
            {
                Assert.That(report.GetProperty("cases").GetInt64(), Is.EqualTo(40));
                Assert.That(report.GetProperty("failures").GetInt64(), Is.EqualTo(0));
            }
        }

        [Test]
        public void UnknownTargetIsAUserError()
        {
            var (code, _, error) = Run("fuzz", "pdf", "--seconds", "1");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("unknown fuzz target 'pdf'"));
        }

        [Test]
        public void ReplayPrintsTheMutationsOfOneCase()
        {
            var (code, output, _) = Run("fuzz", "manifest", "--seed", "5", "--replay", "17");
            Assert.That(code, Is.EqualTo(0));
            Assert.That(output, Does.Contain("manifest seed 5 case 17"));
            Assert.That(output, Does.Contain("expected error").Or.Contain("accepted"));
        }

        [Test]
        public void RunAllIsWhatCheckReliabilityCalls()
        {
            var reports = FuzzCommand.RunAll(TimeSpan.FromSeconds(2), 1);
            Assert.That(reports.Length, Is.EqualTo(FuzzCommand.AllTargets().Count));
            foreach (var report in reports)
            {
                Assert.That(report.Cases, Is.GreaterThan(0), report.Target);
                Assert.That(report.FailureCount, Is.EqualTo(0), report.Target);
            }
        }
    }
}
