using System;
using NUnit.Framework;
using Sightline.Cli.Gpu;

namespace Sightline.Tests.Cli
{
    /// <summary>
    /// Every tolerance of `check engine` catches an error planted just above it and lets one just below pass, through
    /// the same comparison the check uses (Documentation~/checks.md derives each value).
    /// </summary>
    public class ToleranceTests
    {
        // A reference tensor of unit scale and a copy with one value moved by fraction (of the largest value) times scale.
        static (float[] reference, float[] planted) MaxErrorPlanted(double fraction)
        {
            var random = new Random(7);
            var reference = new float[4096];
            for (int i = 0; i < reference.Length; i++) reference[i] = (float)(random.NextDouble() * 2 - 1);
            reference[0] = 1f;
            var planted = (float[])reference.Clone();
            planted[1234] = (float)(reference[1234] + fraction);
            return (reference, planted);
        }

        static string StatusOf(double value, double tolerance)
        {
            var result = new CheckResult("planted");
            result.Add("metric", value, tolerance);
            return result.Status;
        }

        [TestCase(EngineCheck.StrictTolerance)]
        [TestCase(EngineCheck.Tf32Tolerance)]
        [TestCase(EngineCheck.FastAlgorithmTolerance)]
        [TestCase(EngineCheck.EndToEndGradientTolerance)]
        public void AMaxErrorJustAboveTheToleranceFails(double tolerance)
        {
            var (reference, above) = MaxErrorPlanted(tolerance * 1.02);
            Assert.That(StatusOf(Compare.NormalizedMaxError(above, reference), tolerance), Is.EqualTo("fail"));
            var (_, below) = MaxErrorPlanted(tolerance * 0.98);
            Assert.That(StatusOf(Compare.NormalizedMaxError(below, reference), tolerance), Is.EqualTo("pass"));
        }

        [TestCase(EngineCheck.ApproximateEndToEndL2Tolerance)]
        [TestCase(EngineCheck.Bf16InferenceL2Tolerance)]
        public void ARelativeL2ErrorJustAboveTheToleranceFails(double tolerance)
        {
            var random = new Random(9);
            var reference = new float[4096];
            var noise = new float[reference.Length];
            for (int i = 0; i < reference.Length; i++)
            {
                reference[i] = (float)(random.NextDouble() * 2 - 1);
                noise[i] = (float)(random.NextDouble() * 2 - 1);
            }
            double referenceNorm = 0, noiseNorm = 0;
            for (int i = 0; i < reference.Length; i++)
            {
                referenceNorm += reference[i] * (double)reference[i];
                noiseNorm += noise[i] * (double)noise[i];
            }
            float[] Planted(double relative)
            {
                double scale = relative * Math.Sqrt(referenceNorm / noiseNorm);
                var planted = new float[reference.Length];
                for (int i = 0; i < planted.Length; i++) planted[i] = (float)(reference[i] + scale * noise[i]);
                return planted;
            }
            Assert.That(StatusOf(Compare.RelativeL2(Planted(tolerance * 1.02), reference), tolerance), Is.EqualTo("fail"));
            Assert.That(StatusOf(Compare.RelativeL2(Planted(tolerance * 0.98), reference), tolerance), Is.EqualTo("pass"));
        }

        [Test]
        public void ThePoolChoiceToleranceFollowsTheForwardErrorButIsCapped()
        {
            Assert.That(PoolRouting.ChoiceTolerance(1e-6), Is.EqualTo(PoolRouting.TieTolerance), "strict fp32: the floor");
            Assert.That(PoolRouting.ChoiceTolerance(3e-3), Is.EqualTo(7.5e-3).Within(1e-12), "TF32: 2.5 times the forward difference");
            // However large the forward error, a choice trailing its window's maximum by more than the cap is wrong.
            Assert.That(PoolRouting.ChoiceTolerance(0.5), Is.EqualTo(PoolRouting.MaxChoiceTolerance));
            Assert.That(StatusOf(PoolRouting.MaxChoiceTolerance * 1.02, PoolRouting.ChoiceTolerance(0.5)), Is.EqualTo("fail"));
            Assert.That(StatusOf(PoolRouting.ChoiceTolerance(1e-3) * 1.02, PoolRouting.ChoiceTolerance(1e-3)), Is.EqualTo("fail"));
            Assert.That(PoolRouting.ChoiceTolerance(double.NaN), Is.EqualTo(PoolRouting.TieTolerance));
        }

        [Test]
        public void TheTf32ToleranceIsTwoUnitRoundoffsTimesTheRootOfThePapersFanIns()
        {
            // Fan-ins of the paper's eight layers (kernel area x input channels per group).
            var spec = Sightline.Model.NetworkSpec.Paper(1000);
            double sum = 0;
            foreach (var layer in spec.Layers)
                if (layer.HasParameters) sum += layer.WeightCount / (double)layer.Output.Channels;
            double u = Math.Pow(2, -11);
            Assert.That(sum, Is.EqualTo(24731).Within(1), "the fan-ins Documentation~/checks.md sums");
            Assert.That(2 * u * Math.Sqrt(sum), Is.EqualTo(EngineCheck.Tf32Tolerance).Within(0.005));
        }
    }
}
