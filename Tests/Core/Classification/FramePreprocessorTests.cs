using System;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Imaging;
using Sightline.Model;

namespace Sightline.Tests.Core.Classification
{
    public class FramePreprocessorTests
    {
        static Frame Gradient(int width, int height, bool bottomUp = false)
        {
            var rgb = new byte[width * height * 3];
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    int o = (y * width + x) * 3;
                    rgb[o] = (byte)(x % 256);
                    rgb[o + 1] = (byte)(y % 256);
                    rgb[o + 2] = (byte)((x + y) % 256);
                }
            return new Frame(rgb, width, height, bottomUp);
        }

        [Test]
        public void StoredFrameIsCentreCroppedWithoutResampling()
        {
            // A 256x256 frame for a 224 input: the short side is already 256, so the crop is pixels 16..239.
            var crop = new byte[224 * 224 * 3];
            FramePreprocessor.CentreCrop(Gradient(256, 256), 224, crop);
            Assert.That(crop[0], Is.EqualTo(16));
            Assert.That(crop[1], Is.EqualTo(16));
            int last = (223 * 224 + 223) * 3;
            Assert.That(crop[last], Is.EqualTo(239));
            Assert.That(crop[last + 1], Is.EqualTo(239));
        }

        [Test]
        public void WideFrameKeepsItsCentre()
        {
            // 512x256: scale 1, horizontal offset (512 - 224) / 2 = 144, vertical 16.
            var crop = new byte[224 * 224 * 3];
            FramePreprocessor.CentreCrop(Gradient(512, 256), 224, crop);
            Assert.That(crop[0], Is.EqualTo(144));
            Assert.That(crop[1], Is.EqualTo(16));
        }

        [Test]
        public void LargeFrameIsScaledSoItsShortSideIsTheStoredSize()
        {
            // 1024x512 -> 512x256: pixel (x, y) of the crop samples around source (2(x + 144) + 0.5, 2(y + 16) + 0.5).
            var crop = new byte[224 * 224 * 3];
            FramePreprocessor.CentreCrop(Gradient(1024, 512), 224, crop);
            int o = (10 * 224 + 20) * 3;
            Assert.That(crop[o + 1], Is.EqualTo(2 * (10 + 16) + 1).Within(1));
            Assert.That(crop[o], Is.EqualTo((2 * (20 + 144) + 1) % 256).Within(1));
        }

        [Test]
        public void BottomUpFramesAreFlipped()
        {
            var top = new byte[224 * 224 * 3];
            var bottom = new byte[224 * 224 * 3];
            var frame = Gradient(256, 256);
            FramePreprocessor.CentreCrop(frame, 224, top);
            FramePreprocessor.CentreCrop(new Frame(frame.Pixels, 256, 256, bottomUp: true), 224, bottom);
            Assert.That(bottom[1], Is.EqualTo(255 - 16), "the first row of the crop comes from the bottom of a bottom-up frame");
            Assert.That(top[1], Is.EqualTo(16));
        }

        [Test]
        public void NormalisationSubtractsTheMeanImageOrChannelMeanAndDividesByStd()
        {
            var rgb = new byte[2 * 2 * 3];
            for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)(10 * i);
            var chw = new float[12];
            var mean = new float[12];
            for (int i = 0; i < 12; i++) mean[i] = i;
            InputNormalization.MeanImage(mean, 2).Apply(rgb, 2, chw);
            // Channel 1 (green), pixel 2: rgb[2 * 3 + 1] = 70, minus mean[1 * 4 + 2] = 6.
            Assert.That(chw[1 * 4 + 2], Is.EqualTo(64f));
            InputNormalization.TorchvisionImageNet.Apply(rgb, 2, chw);
            Assert.That(chw[0], Is.EqualTo((0f - 0.485f) / 0.229f).Within(1e-5));
            Assert.That(chw[2 * 4 + 3], Is.EqualTo((110f / 255f - 0.406f) / 0.225f).Within(1e-5));
        }

        [Test]
        public void NormalisationsOfTheWrongSizeAreRefused()
        {
            var e = Assert.Throws<ArgumentException>(() => new InputNormalization(new float[5], 2));
            Assert.That(e!.Message, Does.Contain("2x2"));
        }
    }
}
