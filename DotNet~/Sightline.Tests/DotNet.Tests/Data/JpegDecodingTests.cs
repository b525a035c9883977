using NUnit.Framework;
using Sightline.Data;
using Sightline.Tests.Core.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Sightline.Tests.Data
{
    /// <summary>JPEG needs an encoder to make test files; ImageSharp is referenced here, not in the Unity-shared tests.</summary>
    public class JpegDecodingTests
    {
        [Test]
        public void JpegDecodesCloseToItsPixels()
        {
            using var dir = new TempFolder();
            string path = dir.Combine("photo.jpg");
            using (var image = new Image<Rgb24>(32, 16, new Rgb24(200, 100, 50)))
                image.SaveAsJpeg(path, new JpegEncoder { Quality = 95 });
            var header = ImageDecoder.Identify(path);
            Assert.That(header.Format, Is.EqualTo("JPEG"));
            var rgb = ImageDecoder.DecodeSquare(path, 8);
            Assert.That(rgb[0], Is.InRange(190, 210));
            Assert.That(rgb[1], Is.InRange(90, 110));
            Assert.That(rgb[2], Is.InRange(40, 60));
        }

        [Test]
        public void GrayscaleJpegBecomesRgb()
        {
            using var dir = new TempFolder();
            string path = dir.Combine("gray.jpg");
            using (var image = new Image<L8>(16, 16, new L8(120)))
                image.SaveAsJpeg(path, new JpegEncoder { Quality = 95, ColorType = JpegColorType.Luminance });
            var rgb = ImageDecoder.DecodeSquare(path, 16);
            Assert.That(rgb[0], Is.InRange(115, 125));
            Assert.That(rgb[1], Is.EqualTo(rgb[0]));
            Assert.That(rgb[2], Is.EqualTo(rgb[0]));
        }

        [Test]
        public void TruncatedJpegIsAnErrorOrDecodes()
        {
            // Truncated JPEGs are common in scraped sets; whatever ImageSharp makes of one, it must be our exception or an image, never a crash.
            using var dir = new TempFolder();
            string path = dir.Combine("cut.jpg");
            using (var image = new Image<Rgb24>(64, 64, new Rgb24(10, 20, 30)))
                image.SaveAsJpeg(path, new JpegEncoder { Quality = 90 });
            var bytes = System.IO.File.ReadAllBytes(path);
            System.IO.File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
            try
            {
                Assert.That(ImageDecoder.DecodeSquare(path, 8).Length, Is.EqualTo(8 * 8 * 3));
            }
            catch (ImageDecodeException e)
            {
                Assert.That(e.Message, Does.Contain(path));
            }
        }
    }
}
