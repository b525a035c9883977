using System;
using System.IO;
using NUnit.Framework;
using Sightline.Samples.Headless;

namespace Sightline.Tests.Samples
{
    /// <summary>
    /// The Headless sample's command line. The full run (capture, training, classification, about 45 s) is not a
    /// unit test: .ci/run runs the built program and fails when it exits non-zero.
    /// </summary>
    public class HeadlessSampleTests
    {
        [Test]
        public void OptionsParseAndKeepDefaults()
        {
            var options = HeadlessOptions.Parse(new[] { "--frames", "120", "--out", "here" });
            Assert.That(options.Frames, Is.EqualTo(120));
            Assert.That(options.Out, Is.EqualTo("here"));
            Assert.That(options.Seconds, Is.EqualTo(new HeadlessOptions().Seconds));
        }

        [TestCase("--frames", "10", "--frames")]
        [TestCase("--frames", "many", "--frames")]
        [TestCase("--epochs", "0", "--epochs")]
        [TestCase("--seconds", "-1", "--seconds")]
        [TestCase("--batch", "3", "unknown option '--batch'")]
        public void BadOptionsNameTheOptionAndValue(string name, string value, string expected)
        {
            var error = Assert.Throws<ArgumentException>(() => HeadlessOptions.Parse(new[] { name, value }));
            Assert.That(error!.Message, Does.Contain(expected));
            Assert.That(error.Message, Does.Contain(name));
        }

        [Test]
        public void RefusesAnOutFolderThatAlreadyHoldsData()
        {
            string root = Directory.CreateTempSubdirectory("sightline-headless-test-").FullName;
            try
            {
                Directory.CreateDirectory(Path.Combine(root, "data"));
                File.WriteAllText(Path.Combine(root, "data", "keep.txt"), "not a dataset");
                var (code, _, error) = ConsoleCapture.Run(() => Program.Main(new[] { "--out", root }).GetAwaiter().GetResult());
                Assert.That(code, Is.EqualTo(2));
                Assert.That(error, Does.Contain(Path.Combine(root, "data")));
                Assert.That(File.Exists(Path.Combine(root, "data", "keep.txt")), Is.True);
            }
            finally
            {
                Directory.Delete(root, true);
            }
        }
    }
}
