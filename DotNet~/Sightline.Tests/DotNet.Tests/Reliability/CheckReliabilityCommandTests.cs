using NUnit.Framework;
using Sightline.Cli.Reliability;
using Sightline.Tests.Training;

namespace Sightline.Tests.Reliability
{
    /// <summary>The command's arguments and its table (the drills themselves are tested one by one next to this).</summary>
    public class CheckReliabilityCommandTests
    {
        [Test]
        public void ZeroSecondsIsAUserError()
        {
            var (code, _, error) = CliRun.InProcess("check", "reliability", "--seconds", "0");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("--seconds must be at least 1 (got 0)"));
        }

        [Test]
        public void ReportFailsOnDataLostOrUnhandledExceptionsAndASkippedRowIsNotAPass()
        {
            var fine = new ReliabilityRow("a") { InputsTried = 3 };
            var skipped = ReliabilityRow.Skip("b", "no GPU");
            Assert.That(skipped.Passed, Is.False, "a skipped row is not a pass");
            Assert.That(skipped.Result, Is.EqualTo("NOT RUN"));
            var notRun = ReliabilityReport.Verdict(new[] { fine, skipped });
            Assert.That(notRun.Passed, Is.Null);
            Assert.That(notRun.ExitCode, Is.EqualTo(Sightline.Cli.CliRunner.NotRun));
            Assert.That(notRun.Reason, Does.Contain("b: no GPU"));
            Assert.That(ReliabilityReport.Verdict(new[] { fine }).Passed, Is.True);
            var lost = new ReliabilityRow("c");
            lost.Lost("frame x is half written");
            Assert.That(ReliabilityReport.Verdict(new[] { fine, lost, skipped }).Passed, Is.False);
            var crashed = new ReliabilityRow("d");
            crashed.Unhandled("NullReferenceException");
            Assert.That(ReliabilityReport.Verdict(new[] { fine, crashed }).ExitCode, Is.EqualTo(1));
            string json = ReliabilityReport.ToJson(new[] { fine, skipped, lost }, 7);
            Assert.That(json, Does.Contain("\"dataLost\": 1").And.Contain("\"seed\": 7").And.Contain("\"skipped\": \"no GPU\"").And.Contain("\"result\": \"NOT RUN\""));
            using var doc = System.Text.Json.JsonDocument.Parse(ReliabilityReport.ToJson(new[] { fine, skipped }, 7));
            Assert.That(doc.RootElement.GetProperty("passed").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        }

        [Test]
        public void RejectedFuzzInputsAreRejectedCleanlyNotCrashesSurvived()
        {
            var row = FuzzDrill.Run(3, 1);
            Assert.That(row.CrashesSurvived, Is.EqualTo(0), "nothing crashed: a refused input is not a survived crash");
            Assert.That(row.RejectedCleanly, Is.GreaterThan(0), row.Detail);
            Assert.That(row.InputsTried, Is.GreaterThanOrEqualTo(row.RejectedCleanly));
        }
    }
}
