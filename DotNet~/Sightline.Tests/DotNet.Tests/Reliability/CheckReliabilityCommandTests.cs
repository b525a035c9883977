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
        public void ReportFailsOnDataLostOrUnhandledExceptionsAndNotOnSkippedChecks()
        {
            var fine = new ReliabilityRow("a") { InputsTried = 3 };
            var skipped = ReliabilityRow.Skip("b", "no GPU");
            Assert.That(ReliabilityReport.Passed(new[] { fine, skipped }), Is.True);
            var lost = new ReliabilityRow("c");
            lost.Lost("frame x is half written");
            Assert.That(ReliabilityReport.Passed(new[] { fine, lost }), Is.False);
            var crashed = new ReliabilityRow("d");
            crashed.Unhandled("NullReferenceException");
            Assert.That(ReliabilityReport.Passed(new[] { fine, crashed }), Is.False);
            string json = ReliabilityReport.ToJson(new[] { fine, skipped, lost }, 7);
            Assert.That(json, Does.Contain("\"dataLost\": 1").And.Contain("\"seed\": 7").And.Contain("\"skipped\": \"no GPU\""));
        }
    }
}
