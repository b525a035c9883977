using NUnit.Framework;
using Sightline.Cli.Reliability;

namespace Sightline.Tests.Reliability
{
    /// <summary>16 concurrent callers of one ImageClassifier: every answer right, no memory growth across rounds.</summary>
    public class ClassifierLoadTests
    {
        [Test]
        public void SixteenCallersGetTheSingleCallerAnswersWithoutMemoryGrowth()
        {
            var row = ClassifierLoadDrill.Run(5, 4, 12, out var measured);
            string report = row.Detail + "; " + string.Join("; ", row.Problems);
            Assert.That(measured.Requests, Is.EqualTo(16 * 12 * 4));
            Assert.That(measured.Wrong, Is.EqualTo(0), report);
            Assert.That(row.UnhandledExceptions, Is.EqualTo(0), report);
            Assert.That(measured.Managed[3] - measured.Managed[1], Is.LessThan(ClassifierLoadDrill.ManagedTolerance), report);
            if (measured.Resident[1] > 0)
                Assert.That(measured.Resident[3] - measured.Resident[1], Is.LessThan(ClassifierLoadDrill.ResidentTolerance), report);
            Assert.That(row.Problems, Is.Empty, report);
        }

        [Test]
        public void TheTimedLoadRowReportsRequestsLatencyAndBoundedMemory()
        {
            var row = ClassifierLoadDrill.RunTimed(6, 4, ClassifierLoadDrill.LoadCallers, out var measured);
            string report = row.Detail + "; " + string.Join("; ", row.Problems);
            Assert.That(row.UnhandledExceptions, Is.EqualTo(0), report);
            Assert.That(measured.Wrong, Is.EqualTo(0), report);
            Assert.That(measured.Requests, Is.GreaterThan(ClassifierLoadDrill.LoadCallers), report);
            Assert.That(measured.Seconds, Is.GreaterThanOrEqualTo(4), report);
            Assert.That(measured.P50Milliseconds, Is.GreaterThan(0).And.LessThanOrEqualTo(measured.P99Milliseconds), report);
            Assert.That(row.Detail, Does.StartWith("64 callers for 4 s: ").And.Contain("requests served").And.Contain("p99").And.Contain("managed").And.Contain("native"));
            Assert.That(row.Problems, Is.Empty, report);
        }
    }
}
