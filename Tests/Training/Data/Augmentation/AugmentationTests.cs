using System;
using System.Linq;
using NUnit.Framework;
using Sightline.Data;
using Sightline.Randomness;

namespace Sightline.Tests.Training.Data.Augmentation
{
    public class AugmentationTests
    {
        // Covariance in [0,1] units with distinct eigenvalues, like natural images (R, G, B strongly correlated).
        static readonly ColorPca Pca = new ColorPca(new[] { 0.070, 0.060, 0.050, 0.060, 0.068, 0.058, 0.050, 0.058, 0.072 });

        [Test]
        public void CropOffsetsCoverExactlyTheValidRange()
        {
            var settings = AugmentationSettings.Training(256, 224);
            var r = new SeededRandom(1);
            var seenX = new int[33];
            var seenY = new int[33];
            for (int i = 0; i < 20000; i++)
            {
                var p = AugmentationSampler.Draw(r, settings, Pca);
                Assert.That(p.CropX, Is.InRange(0, 32));
                Assert.That(p.CropY, Is.InRange(0, 32));
                seenX[p.CropX]++;
                seenY[p.CropY]++;
            }
            // Uniform over 33 offsets: about 606 each.
            Assert.That(seenX.Min(), Is.GreaterThan(450));
            Assert.That(seenY.Max(), Is.LessThan(760));
        }

        [Test]
        public void HalfTheInputsAreFlipped()
        {
            var settings = AugmentationSettings.Training(256, 224);
            var r = new SeededRandom(2);
            int flips = 0, n = 20000;
            for (int i = 0; i < n; i++) flips += AugmentationSampler.Draw(r, settings, Pca).Flip;
            Assert.That(flips / (double)n, Is.EqualTo(0.5).Within(0.02));
        }

        static double[] DeltaCovariance(LightingMode mode, int n, out double[] mean)
        {
            var settings = new AugmentationSettings(256, 224) { Lighting = mode };
            var r = new SeededRandom(3);
            var d = new double[n, 3];
            mean = new double[3];
            for (int i = 0; i < n; i++)
            {
                var p = AugmentationSampler.Draw(r, settings, Pca);
                d[i, 0] = p.DeltaR;
                d[i, 1] = p.DeltaG;
                d[i, 2] = p.DeltaB;
                for (int c = 0; c < 3; c++) mean[c] += d[i, c] / n;
            }
            var cov = new double[9];
            for (int i = 0; i < n; i++)
                for (int a = 0; a < 3; a++)
                    for (int b = 0; b < 3; b++)
                        cov[a * 3 + b] += (d[i, a] - mean[a]) * (d[i, b] - mean[b]) / (n - 1);
            return cov;
        }

        // delta = 255 V diag(a) f(lambda), a ~ N(0, 0.1^2): Cov(delta) = 255^2 0.01 sum_i f(lambda_i)^2 p_i p_i^T.
        static double Expected(LightingMode mode, int a, int b)
        {
            double sum = 0;
            for (int i = 0; i < 3; i++)
            {
                double f = mode == LightingMode.SqrtEigenvalue ? Math.Sqrt(Pca.EigenValues[i]) : Pca.EigenValues[i];
                sum += f * f * Pca.EigenVectors[i * 3 + a] * Pca.EigenVectors[i * 3 + b];
            }
            return 255.0 * 255.0 * 0.01 * sum;
        }

        [TestCase(LightingMode.Eigenvalue)]
        [TestCase(LightingMode.SqrtEigenvalue)]
        public void LightingNoiseHasThePcaCovariance(LightingMode mode)
        {
            var cov = DeltaCovariance(mode, 40000, out var mean);
            for (int a = 0; a < 3; a++)
            {
                Assert.That(Math.Abs(mean[a]), Is.LessThan(0.05 * Math.Sqrt(Expected(mode, a, a)) + 1e-9));
                for (int b = 0; b < 3; b++)
                    Assert.That(cov[a * 3 + b], Is.EqualTo(Expected(mode, a, b)).Within(0.04 * Expected(mode, 0, 0)));
            }
        }

        [Test]
        public void SqrtFormIsLargerThanThePapersOnThisScale()
        {
            // Eigenvalues below 1 on the [0,1] scale: sqrt(lambda) > lambda, so the authors' code perturbs more.
            var paper = DeltaCovariance(LightingMode.Eigenvalue, 4000, out _);
            var sqrt = DeltaCovariance(LightingMode.SqrtEigenvalue, 4000, out _);
            Assert.That(sqrt[0], Is.GreaterThan(paper[0] * 3));
        }

        [Test]
        public void EvaluationIsTheCentreCropWithoutNoise()
        {
            var p = AugmentationSampler.Draw(new SeededRandom(4), AugmentationSettings.Evaluation(256, 224), Pca);
            Assert.That(p.CropX, Is.EqualTo(16));
            Assert.That(p.CropY, Is.EqualTo(16));
            Assert.That(p.Flip, Is.EqualTo(0));
            Assert.That(new[] { p.DeltaR, p.DeltaG, p.DeltaB }, Is.EqualTo(new[] { 0f, 0f, 0f }));
            var c = AugmentationSampler.Centre(256, 224);
            Assert.That(c.CropX, Is.EqualTo(16));
        }

        [Test]
        public void TenViewsAreCentreAndCornersThenTheirMirrors()
        {
            var v = AugmentationSampler.TenViews(256, 224);
            Assert.That(v.Select(p => (p.CropX, p.CropY)).Take(5).ToArray(), Is.EqualTo(new[] { (16, 16), (0, 0), (32, 0), (0, 32), (32, 32) }));
            for (int i = 0; i < 5; i++)
            {
                Assert.That(v[i].Flip, Is.EqualTo(0));
                Assert.That(v[i + 5].Flip, Is.EqualTo(1));
                Assert.That((v[i + 5].CropX, v[i + 5].CropY), Is.EqualTo((v[i].CropX, v[i].CropY)));
            }
        }

        [Test]
        public void ApplyFollowsTheDocumentedFormulaExactly()
        {
            const int s = 7, n = 4;
            var r = new SeededRandom(6);
            var frame = new byte[s * s * 3];
            for (int i = 0; i < frame.Length; i++) frame[i] = (byte)r.NextInt(256);
            var meanImage = new float[s * s * 3];
            for (int i = 0; i < meanImage.Length; i++) meanImage[i] = r.NextFloat() * 255f;
            var mean = AugmentApply.MeanCrop(meanImage, s, n);
            foreach (bool flip in new[] { false, true })
            {
                var p = new AugmentParams(3, 1, flip, 1.25f, -2.5f, 0.1f);
                var output = new float[3 * n * n];
                AugmentApply.Apply(frame, s, p, mean, n, output);
                var delta = new[] { p.DeltaR, p.DeltaG, p.DeltaB };
                for (int c = 0; c < 3; c++)
                    for (int y = 0; y < n; y++)
                        for (int x = 0; x < n; x++)
                        {
                            int sx = 3 + (flip ? n - 1 - x : x), sy = 1 + y;
                            float m = meanImage[((1 + y) * s + 1 + x) * 3 + c]; // centre crop offset (7-4)/2 = 1
                            float expected = ((float)frame[(sy * s + sx) * 3 + c] - m) + delta[c];
                            Assert.That(output[(c * n + y) * n + x], Is.EqualTo(expected));
                        }
            }
        }

        [Test]
        public void ParamsHaveTheLayoutTheGpuKernelReads()
        {
            // int32 CropX, CropY, Flip; float32 DeltaR, DeltaG, DeltaB: 24 bytes, no padding.
            Assert.That(System.Runtime.InteropServices.Marshal.SizeOf(typeof(AugmentParams)), Is.EqualTo(24));
            Assert.That(System.Runtime.InteropServices.Marshal.OffsetOf(typeof(AugmentParams), "Flip").ToInt32(), Is.EqualTo(8));
            Assert.That(System.Runtime.InteropServices.Marshal.OffsetOf(typeof(AugmentParams), "DeltaB").ToInt32(), Is.EqualTo(20));
        }

        [Test]
        public void ApplyRefusesOffsetsOutsideTheFrame()
        {
            var frame = new byte[8 * 8 * 3];
            var mean = new float[3 * 6 * 6];
            var output = new float[3 * 6 * 6];
            Assert.Throws<ArgumentOutOfRangeException>(() => AugmentApply.Apply(frame, 8, new AugmentParams(3, 0, false), mean, 6, output));
        }
    }
}
