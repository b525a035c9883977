using System;
using NUnit.Framework;
using Sightline.Data;
using Sightline.Model;
using Sightline.Randomness;
using Sightline.Training.Batches;

namespace Sightline.Tests.Core.Model
{
    public class InputNormalizationTests
    {
        [Test]
        public void StoredSizeMeanImageIsCentreCroppedToTheInputAndTheScaleKeptAsIs()
        {
            var spec = NetworkSpec.Mini(3); // 96 input, 110 stored
            int stored = spec.StoredSize;
            var mean = new float[3 * stored * stored];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < stored; y++)
                    for (int x = 0; x < stored; x++) mean[(y * stored + x) * 3 + c] = c * 100000 + y * 1000 + x; // HWC, as FrameCache.MeanImage
            var n = InputNormalization.FromStoredMean(mean, stored, 96, 0.025f);
            int off = (stored - 96) / 2;
            Assert.That(n.MeanImageSize, Is.EqualTo(96));
            Assert.That(n.Mean[0], Is.EqualTo(off * 1000 + off));
            Assert.That(n.Mean[2 * 96 * 96 + 95 * 96 + 95], Is.EqualTo(200000 + (off + 95) * 1000 + off + 95));
            // Training multiplies by the scale: the model keeps that number, not a std rounded twice.
            Assert.That(n.Scale, Is.EqualTo(new[] { 0.025f, 0.025f, 0.025f }));
            Assert.That(n.Std[1], Is.EqualTo(40f).Within(1e-4f));
            Assert.That(n.IsUniform, Is.True);
        }

        [Test]
        public void AClassifiedCropIsBitForBitTheTrainingViewOfTheSamePixels()
        {
            const int stored = 20, input = 16;
            var random = new SeededRandom(3);
            var frame = new byte[stored * stored * 3];
            for (int i = 0; i < frame.Length; i++) frame[i] = (byte)random.NextInt(256);
            var mean = new float[stored * stored * 3];
            for (int i = 0; i < mean.Length; i++) mean[i] = random.NextFloat() * 255f;
            var n = InputNormalization.FromStoredMean(mean, stored, input, 0.0173f);

            var training = new float[3 * input * input];
            n.Apply(frame, stored, AugmentationSampler.TenViews(stored, input)[(int)CropView.Centre], input, training);

            int m = (stored - input) / 2;
            var crop = new byte[input * input * 3];
            for (int y = 0; y < input; y++) frame.AsSpan(((m + y) * stored + m) * 3, input * 3).CopyTo(crop.AsSpan(y * input * 3));
            var classified = new float[3 * input * input];
            n.Apply(crop, input, classified);

            int differing = 0;
            for (int i = 0; i < training.Length; i++)
                if (BitConverter.SingleToInt32Bits(training[i]) != BitConverter.SingleToInt32Bits(classified[i])) differing++;
            Assert.That(differing, Is.EqualTo(0));
            Assert.That(training[0], Is.EqualTo((frame[(m * stored + m) * 3] - mean[(m * stored + m) * 3]) * 0.0173f));
        }

        [Test]
        public void StdAndScaleDescribeTheSameNormalisation()
        {
            var n = InputNormalization.TorchvisionImageNet;
            Assert.That(n.PixelScale, Is.EqualTo(1f / 255f));
            Assert.That(n.Scale[0], Is.EqualTo(1f / 0.229f));
            Assert.That(n.IsUniform, Is.False);
            var chw = new float[3];
            n.Apply(new byte[] { 255, 0, 128 }, 1, chw);
            Assert.That(chw[0], Is.EqualTo((1f - 0.485f) / 0.229f).Within(1e-5f));
            Assert.That(chw[1], Is.EqualTo(-0.456f / 0.224f).Within(1e-5f));
            Assert.That(() => n.Apply(new byte[3], 1, new AugmentParams(), 1, chw), Throws.InvalidOperationException);
        }
    }
}
