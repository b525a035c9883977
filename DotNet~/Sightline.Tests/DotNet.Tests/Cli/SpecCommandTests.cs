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
        public void LrnAcrossTowersShowsInTheJsonAndTheLrnGroups()
        {
            var (code, output, error) = Run("spec", "--spec", "mini", "--lrn-across-towers", "--json");
            Assert.That(code, Is.EqualTo(0), error);
            using var doc = JsonDocument.Parse(output);
            Assert.That(doc.RootElement.GetProperty("lrnAcrossTowers").GetBoolean(), Is.True);
            foreach (var layer in doc.RootElement.GetProperty("layers").EnumerateArray())
                if (layer.GetProperty("kind").GetString() == "LocalResponseNorm") Assert.That(layer.GetProperty("groups").GetInt32(), Is.EqualTo(1));
            var (_, plain, _) = Run("spec", "--spec", "mini", "--json");
            using var paper = JsonDocument.Parse(plain);
            Assert.That(paper.RootElement.GetProperty("lrnAcrossTowers").GetBoolean(), Is.False);
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
