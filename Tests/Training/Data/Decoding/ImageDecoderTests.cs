using System;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;
using Sightline.Data;
using Sightline.Tests.Core.Data;

namespace Sightline.Tests.Training.Data.Decoding
{
    public class ImageDecoderTests
    {
        TempFolder _dir = null!;

        [SetUp]
        public void SetUp() => _dir = new TempFolder();

        [TearDown]
        public void TearDown() => _dir.Dispose();

        static void AssertPixel(byte[] rgb, int size, int x, int y, int r, int g, int b, int tolerance = 0)
        {
            int k = (y * size + x) * 3;
            Assert.That(rgb[k], Is.InRange(r - tolerance, r + tolerance), $"R at ({x},{y})");
            Assert.That(rgb[k + 1], Is.InRange(g - tolerance, g + tolerance), $"G at ({x},{y})");
            Assert.That(rgb[k + 2], Is.InRange(b - tolerance, b + tolerance), $"B at ({x},{y})");
        }

        [Test]
        public void WidePngKeepsTheCentreSquareUnscaled()
        {
            var f = TestImages.Pattern(3);
            string path = TestImages.Write(_dir.Combine("wide.png"), TestImages.RgbPng(8, 4, f));
            var rgb = ImageDecoder.DecodeSquare(path, 4);
            Assert.That(rgb.Length, Is.EqualTo(4 * 4 * 3));
            for (int y = 0; y < 4; y++)
                for (int x = 0; x < 4; x++)
                    AssertPixel(rgb, 4, x, y, f(x + 2, y, 0), f(x + 2, y, 1), f(x + 2, y, 2));
        }

        [Test]
        public void ShortSideIsScaledToTheSizeThenCentreCropped()
        {
            // 40x20: left half red, right half blue. Scaled to 16x8, the centre 8x8 is columns 4..11: red then blue.
            string path = TestImages.Write(_dir.Combine("halves.png"), TestImages.RgbPng(40, 20, (x, y, c) => x < 20 ? (c == 0 ? 255 : 0) : (c == 2 ? 255 : 0)));
            var rgb = ImageDecoder.DecodeSquare(path, 8);
            AssertPixel(rgb, 8, 0, 4, 255, 0, 0, 8);
            AssertPixel(rgb, 8, 7, 4, 0, 0, 255, 8);
        }

        [Test]
        public void GrayscalePngBecomesEqualRgb()
        {
            string path = TestImages.Write(_dir.Combine("gray.png"), TestImages.Png(4, 4, 0, 8, (x, y, c) => x * 60 + y));
            var rgb = ImageDecoder.DecodeSquare(path, 4);
            AssertPixel(rgb, 4, 3, 2, 182, 182, 182);
        }

        [Test]
        public void SixteenBitPngKeepsTheHighByte()
        {
            string path = TestImages.Write(_dir.Combine("rgb16.png"), TestImages.Png(4, 4, 2, 16, (x, y, c) => c == 0 ? 0x8000 : c == 1 ? 0x1234 : 0xFFFF));
            var rgb = ImageDecoder.DecodeSquare(path, 4);
            AssertPixel(rgb, 4, 1, 1, 0x80, 0x12, 0xFF, 1);
            var gray = TestImages.Write(_dir.Combine("gray16.png"), TestImages.Png(4, 4, 0, 16, (x, y, c) => 0x4000));
            AssertPixel(ImageDecoder.DecodeSquare(gray, 4), 4, 0, 0, 0x40, 0x40, 0x40, 1);
        }

        [Test]
        public void RgbaPngDropsAlpha()
        {
            string path = TestImages.Write(_dir.Combine("rgba.png"), TestImages.Png(4, 4, 6, 8, (x, y, c) => c == 3 ? 255 : 10 + c * 40));
            AssertPixel(ImageDecoder.DecodeSquare(path, 4), 4, 2, 2, 10, 50, 90);
        }

        [Test]
        public void PalettePngBecomesRgb()
        {
            var palette = new byte[] { 255, 0, 0, 0, 255, 0, 0, 0, 255 };
            string path = TestImages.Write(_dir.Combine("palette.png"), TestImages.Png(4, 4, 3, 8, (x, y, c) => x % 3, palette));
            var rgb = ImageDecoder.DecodeSquare(path, 4);
            AssertPixel(rgb, 4, 0, 0, 255, 0, 0);
            AssertPixel(rgb, 4, 1, 0, 0, 255, 0);
            AssertPixel(rgb, 4, 2, 0, 0, 0, 255);
        }

        [Test]
        public void BmpDecodesTopDown()
        {
            var f = TestImages.Pattern(9);
            string path = TestImages.Write(_dir.Combine("image.bmp"), TestImages.Bmp(5, 5, f));
            var rgb = ImageDecoder.DecodeSquare(path, 5);
            AssertPixel(rgb, 5, 1, 0, f(1, 0, 0), f(1, 0, 1), f(1, 0, 2));
            AssertPixel(rgb, 5, 3, 4, f(3, 4, 0), f(3, 4, 1), f(3, 4, 2));
        }

        [Test]
        public void IdentifyReadsTheHeader()
        {
            string path = TestImages.Write(_dir.Combine("h.png"), TestImages.RgbPng(12, 7, TestImages.Pattern(1)));
            var header = ImageDecoder.Identify(path);
            Assert.That(header.Width, Is.EqualTo(12));
            Assert.That(header.Height, Is.EqualTo(7));
            Assert.That(header.Format, Is.EqualTo("PNG"));
        }

        [Test]
        public void IdentifyReportsTheSameProblemsAsDecoding()
        {
            var full = TestImages.RgbPng(32, 32, TestImages.Pattern(5));
            var cases = new[]
            {
                (TestImages.Write(_dir.Combine("empty.png"), new byte[0]), "empty"),
                (TestImages.Write(_dir.Combine("text.png"), System.Text.Encoding.UTF8.GetBytes("plain text, not pixels")), "not a PNG, JPEG or BMP"),
                (TestImages.Write(_dir.Combine("cut.png"), System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Take(full, full.Length - 20))), "truncated"),
                (TestImages.Write(_dir.Combine("bomb.png"), TestImages.PngHeaderOnly(50000, 50000)), "decompression-bomb"),
            };
            foreach (var (path, problem) in cases)
            {
                var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Identify(path));
                Assert.That(e!.Path, Is.EqualTo(path));
                Assert.That(e.Problem, Does.Contain(problem));
            }
        }

        static ImageDecodeException DecodeFails(string path)
        {
            var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeSquare(path, 8));
            Assert.That(e!.Message, Does.Contain(path));
            Assert.That(e.Path, Is.EqualTo(path));
            return e;
        }

        [Test]
        public void ZeroByteFileIsReportedAsEmpty()
        {
            string path = TestImages.Write(_dir.Combine("empty.png"), new byte[0]);
            Assert.That(DecodeFails(path).Problem, Does.Contain("empty"));
        }

        [Test]
        public void TextNamedPngIsNotAnImage()
        {
            string path = TestImages.Write(_dir.Combine("notes.png"), System.Text.Encoding.UTF8.GetBytes("this is not a picture, just some text\n"));
            Assert.That(DecodeFails(path).Problem, Does.Contain("not a PNG, JPEG or BMP"));
        }

        [Test]
        public void TruncatedPngIsReportedAsTruncated()
        {
            var full = TestImages.RgbPng(32, 32, TestImages.Pattern(5));
            var cut = new byte[full.Length * 2 / 3];
            Array.Copy(full, cut, cut.Length);
            string path = TestImages.Write(_dir.Combine("cut.png"), cut);
            Assert.That(DecodeFails(path).Problem, Does.Contain("truncated"));
        }

        [Test]
        public void HugeImageIsRefusedFromItsHeaderBeforeDecoding()
        {
            string path = TestImages.Write(_dir.Combine("bomb.png"), TestImages.PngHeaderOnly(50000, 50000));
            var watch = Stopwatch.StartNew();
            var e = DecodeFails(path);
            Assert.That(e.Problem, Does.Contain("50000x50000"));
            Assert.That(e.Problem, Does.Contain("decompression-bomb"));
            Assert.That(watch.Elapsed.TotalSeconds, Is.LessThan(5));
        }

        [Test]
        public void MissingFileIsReported()
        {
            Assert.That(DecodeFails(_dir.Combine("nope.png")).Problem, Does.Contain("not found"));
        }

        [Test]
        public void UnreadableFileIsReported()
        {
            // A folder named like an image cannot be read as a file on any platform (file permissions do not stop root).
            string path = _dir.Combine("folder.png");
            Directory.CreateDirectory(path);
            Assert.That(DecodeFails(path).Problem, Does.Contain("cannot read"));
        }

        [Test]
        public void OnlyImageSharpsDocumentedContentErrorsMeanUnreadable()
        {
            Assert.That(ImageDecoder.IsUnreadable(new SixLabors.ImageSharp.UnknownImageFormatException("x")), Is.True);
            Assert.That(ImageDecoder.IsUnreadable(new SixLabors.ImageSharp.InvalidImageContentException("x")), Is.True);
            Assert.That(ImageDecoder.IsUnreadable(new NotSupportedException("x")), Is.True);
            Assert.That(ImageDecoder.IsUnreadable(new SixLabors.ImageSharp.Memory.InvalidMemoryOperationException("x")), Is.True);
            // A bug (ours or the library's) is not "unreadable": it must surface, and fuzzing counts it as a failure.
            Assert.That(ImageDecoder.IsUnreadable(new IndexOutOfRangeException()), Is.False);
            Assert.That(ImageDecoder.IsUnreadable(new NullReferenceException()), Is.False);
            Assert.That(ImageDecoder.IsUnreadable(new InvalidOperationException()), Is.False);
            Assert.That(ImageDecoder.IsUnreadable(new OutOfMemoryException()), Is.False);
        }

        [Test]
        public void AKnownLibraryDefectIsNamedAndAnUnknownExceptionIsNot()
        {
            // A PNG whose IHDR chunk is 4 bytes long (with a valid CRC): ImageSharp 2.1 reads past it (an out-of-range exception).
            var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 4, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0x85, 0x09, 0xD9, 0xF6,
                0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82 };
            string path = System.IO.Path.Combine(_dir.Path, "short-ihdr.png");
            File.WriteAllBytes(path, png);
            Exception? thrown = null;
            try
            {
                ImageDecoder.DecodeSquare(path, 8);
            }
            catch (Exception e)
            {
                thrown = e;
            }
            Assert.That(thrown, Is.InstanceOf<ImageLibraryDefectException>(), thrown?.ToString());
            // The innermost library frame is PngHeader.Parse, or PngDecoderCore.Identify once the JIT has inlined Parse into it.
            Assert.That(thrown!.Message, Does.Contain("short-ihdr.png").And.Contain("OutOfRangeException in Png").And.Contain("SixLabors.ImageSharp 2.1 defect"));
            // Not thrown by the image library: no known defect, so the decoder would let it through.
            Assert.That(ImageLibraryDefects.Match(new NullReferenceException()), Is.Null);
        }
    }
}
