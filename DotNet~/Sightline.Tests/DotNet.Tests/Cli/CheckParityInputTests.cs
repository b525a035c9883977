using NUnit.Framework;
using Sightline.Tests.Core.Data;

namespace Sightline.Tests.Cli
{
    /// <summary>`check parity` refuses bad options with exit 2 and a line naming the option, before any training.</summary>
    public class CheckParityInputTests
    {
        static (int code, string output, string error) Run(params string[] args) => ConsoleCapture.Sightline(args);

        [Test]
        public void AMissingFolderIsNamed()
        {
            using var dir = new TempFolder();
            var (code, output, error) = Run("check", "parity", "--data", dir.Combine("nowhere"));
            Assert.That(code, Is.EqualTo(2));
            Assert.That(output + error, Does.Contain("--data").And.Contain("nowhere"));
        }

        [Test]
        public void AWarmUpAsLongAsTheRunIsRefused()
        {
            using var dir = new TempFolder();
            var (code, output, error) = Run("check", "parity", "--data", dir.Path, "--epochs", "2", "--warmup", "2");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(output + error, Does.Contain("--warmup (2 epochs) must be shorter than --epochs (2)"));
        }

        [Test]
        public void ANegativeWarmUpIsRefused()
        {
            using var dir = new TempFolder();
            var (code, output, error) = Run("check", "parity", "--data", dir.Path, "--warmup", "-1");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(output + error, Does.Contain("--warmup must be 0 or more"));
        }
    }
}
