using System;
using NUnit.Framework;
using Sightline.Imaging;

namespace Sightline.Tests.Core.Imaging
{
    public class ReadbackSizeTests
    {
        [TestCase(1920, 1080, 256, 455, 256)]
        [TestCase(1080, 1920, 256, 256, 455)]
        [TestCase(512, 512, 256, 256, 256)]
        [TestCase(200, 100, 256, 200, 100)]
        [TestCase(256, 300, 256, 256, 300)]
        public void ShortSideBecomesTheStoredSizeAndAspectIsKept(int w, int h, int shortSide, int expectedW, int expectedH)
        {
            Assert.That(ReadbackSize.For(w, h, shortSide), Is.EqualTo(new ReadbackSize(expectedW, expectedH)));
        }

        [Test]
        public void NonPositiveSizesAreRefused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => ReadbackSize.For(0, 10, 256));
            Assert.Throws<ArgumentOutOfRangeException>(() => ReadbackSize.For(10, 10, 0));
        }
    }
}
