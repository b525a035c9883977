using System;
using NUnit.Framework;
using Sightline.Cli;
using Sightline.Cli.Reliability;
using Sightline.Cli.Training;
using Sightline.Engines;

namespace Sightline.Tests.Training
{
    public class PlacementOptionTests
    {
        [TestCase("one", 0, 0, false)]
        [TestCase("two", 0, 1, true)]
        [TestCase("1,0", 1, 0, true)]
        public void PlacementTextIsParsed(string text, int a, int b, bool split)
        {
            var p = PlacementDevices.Parse(text)!;
            Assert.That(p.DeviceA, Is.EqualTo(a));
            Assert.That(p.DeviceB, Is.EqualTo(b));
            Assert.That(p.IsSplit, Is.EqualTo(split));
        }

        [Test]
        public void NoPlacementMeansTheEngineDefault()
        {
            Assert.That(PlacementDevices.Parse(null), Is.Null);
            Assert.That(PlacementDevices.Parse(" "), Is.Null);
        }

        [TestCase("three")]
        [TestCase("0,-1")]
        [TestCase("0,1,2")]
        public void BadPlacementIsAUserErrorNamingTheOption(string text)
        {
            var e = Assert.Throws<UserInputException>(() => PlacementDevices.Parse(text));
            Assert.That(e!.Message, Does.StartWith("--placement").And.Contain(text));
        }

        [Test]
        public void TwoOnAOneGpuMachineSaysWhichGpuIsMissing()
        {
            string? message = PlacementDevices.Missing(Placement.TwoDevices(0, 1), 1);
            Assert.That(message, Does.Contain("--placement 0,1").And.Contain("needs GPU 1").And.Contain("sees 1 GPU").And.Contain("--placement one"));
            Assert.That(PlacementDevices.Missing(Placement.TwoDevices(0, 1), 2), Is.Null);
            Assert.That(PlacementDevices.Missing(Placement.TwoDevices(0, 0), 1), Is.Null);
            Assert.That(PlacementDevices.Missing(Placement.OneDevice(0), 0), Does.Contain("needs GPU 0"));
        }

        [Test]
        public void TheCpuEngineIgnoresAPlacementWithANote()
        {
            var (engine, note) = EngineFactory.Create("cpu", DrillData.TinySpec(), 2, 1, Placement.TwoDevices(0, 1));
            using (engine)
            {
                Assert.That(engine.Name, Is.EqualTo("cpu"));
                Assert.That(note, Does.Contain("--placement 0,1 is ignored"));
            }
        }

        [TestCase("cuda")]
        [TestCase("auto")]
        public void TheCudaFactoryReceivesThePlacementAndItsErrorIsNotAFallback(string choice)
        {
            var saved = EngineFactory.Cuda;
            Placement? seen = null;
            EngineFactory.Cuda = (spec, batch, cuda) =>
            {
                seen = cuda.Placement;
                throw new UserInputException(PlacementDevices.Missing(cuda.Placement, 1)!);
            };
            try
            {
                var e = Assert.Throws<UserInputException>(() => EngineFactory.Create(choice, DrillData.TinySpec(), 2, 1, Placement.TwoDevices(0, 1)));
                Assert.That(e!.Message, Does.Contain("needs GPU 1"));
                Assert.That(seen, Is.EqualTo(Placement.TwoDevices(0, 1)));
            }
            finally
            {
                EngineFactory.Cuda = saved;
            }
        }
    }
}
