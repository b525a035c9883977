using NUnit.Framework;
using Sightline.Cli.Reliability;

namespace Sightline.Tests.Reliability
{
    /// <summary>A NaN gradient stops training as diverged and leaves the last good checkpoint, which resumes.</summary>
    public class DivergenceTests
    {
        [TestCase(1)]
        [TestCase(2)]
        public void NanGradientStopsTrainingWithTheLastGoodCheckpointIntact(int seed)
        {
            var row = DivergenceDrill.Run(seed);
            string report = row.Detail + "; " + string.Join("; ", row.Problems);
            // Both runs (a checkpoint after every step, and at epoch ends only) got their NaN, stopped and resumed.
            Assert.That(row.FaultsInjected, Is.EqualTo(2), report);
            Assert.That(row.DataLost, Is.EqualTo(0), report);
            Assert.That(row.Problems, Is.Empty, report);
            Assert.That(row.CrashesSurvived, Is.EqualTo(2), report);
        }
    }
}
