using NUnit.Framework;
using Sightline.Imaging;

namespace Sightline.Tests.Core.Imaging
{
    public class SrgbCurveTests
    {
        [TestCase(0f, 0f)]
        [TestCase(1f, 1f)]
        [TestCase(0.0031308f, 0.04045f)]
        [TestCase(0.5f, 0.735357f)]
        [TestCase(0.2140411f, 0.5f)]
        [TestCase(0.18f, 0.461356f)]
        public void EncodeMatchesTheStandard(float linear, float encoded)
        {
            Assert.That(SrgbCurve.Encode(linear), Is.EqualTo(encoded).Within(2e-5f));
            Assert.That(SrgbCurve.Decode(encoded), Is.EqualTo(linear).Within(2e-5f));
        }

        [Test]
        public void EveryEightBitValueRoundTrips()
        {
            for (int i = 0; i < 256; i++)
                Assert.That(SrgbCurve.EncodeToByte(SrgbCurve.Decode(i / 255f)), Is.EqualTo((byte)i), $"sRGB byte {i}");
        }

        [Test]
        public void OutOfRangeAndNaNAreClamped()
        {
            Assert.That(SrgbCurve.Encode(-0.5f), Is.EqualTo(0f));
            Assert.That(SrgbCurve.Encode(7f), Is.EqualTo(1f));
            Assert.That(SrgbCurve.Encode(float.NaN), Is.EqualTo(0f));
        }

        [Test]
        public void EncodingIsMonotonic()
        {
            for (int i = 1; i < 256; i++)
                Assert.That(SrgbCurve.EncodeByte((byte)i), Is.GreaterThanOrEqualTo(SrgbCurve.EncodeByte((byte)(i - 1))));
        }
    }
}
