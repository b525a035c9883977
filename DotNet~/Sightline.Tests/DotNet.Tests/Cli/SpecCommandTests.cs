using System;
using System.IO;
using System.Text.Json;
using NUnit.Framework;

namespace Sightline.Tests.Cli
{
    public class SpecCommandTests
    {
        static (int code, string output, string error) Run(params string[] args) => ConsoleCapture.Sightline(args);

        [Test]
        public void SpecJsonReportsThePapersParameterCount()
        {
            var (code, output, _) = Run("spec", "--json");
            Assert.That(code, Is.EqualTo(0));
            using var doc = JsonDocument.Parse(output);
            Assert.That(doc.RootElement.GetProperty("parameters").GetInt64(), Is.EqualTo(60965224));
            Assert.That(doc.RootElement.GetProperty("layers").GetArrayLength(), Is.GreaterThan(8));
        }

        [Test]
        public void UnknownSpecIsAOneLineErrorWithExitCode2()
        {
            var (code, _, error) = Run("spec", "--spec", "resnet");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error.Trim(), Does.Contain("unknown spec 'resnet'"));
            Assert.That(error.Trim().Split('\n').Length, Is.EqualTo(1));
        }
    }
}
