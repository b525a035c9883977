using NUnit.Framework;
using Sightline.Imaging;

namespace Sightline.Tests.Core.Imaging
{
    public class ReadbackFormatsTests
    {
        // Read back in the texture's own format, the bytes are what the GPU stored: an sRGB format is encoded in
        // either colour space; a UNorm one holds linear light only in a Linear-space project.
        [TestCase("R8G8B8A8_SRGB", false, PixelFormat.Rgba32, ColorEncoding.Srgb)]
        [TestCase("R8G8B8A8_SRGB", true, PixelFormat.Rgba32, ColorEncoding.Srgb)]
        [TestCase("R8G8B8A8_UNorm", false, PixelFormat.Rgba32, ColorEncoding.Srgb)]
        [TestCase("R8G8B8A8_UNorm", true, PixelFormat.Rgba32, ColorEncoding.Linear)]
        [TestCase("B8G8R8A8_SRGB", true, PixelFormat.Bgra32, ColorEncoding.Srgb)]
        [TestCase("B8G8R8A8_UNorm", true, PixelFormat.Bgra32, ColorEncoding.Linear)]
        public void EightBitFormatsAreDescribed(string format, bool linear, PixelFormat layout, ColorEncoding encoding)
        {
            Assert.That(ReadbackFormats.TryDescribe(format, linear, out var gotLayout, out var gotEncoding, out var problem), Is.True, problem);
            Assert.That(gotLayout, Is.EqualTo(layout));
            Assert.That(gotEncoding, Is.EqualTo(encoding));
        }

        [TestCase("R16G16B16A16_SFloat")]
        [TestCase("R8G8B8A8_SNorm")]
        [TestCase("")]
        public void OtherFormatsAreRefusedByName(string format)
        {
            Assert.That(ReadbackFormats.TryDescribe(format, true, out _, out _, out var problem), Is.False);
            Assert.That(problem, Does.Contain("render texture format " + format));
        }
    }
}
