using System;
using System.IO;
using NUnit.Framework;
using Sightline.Cli.Gpu;
using Sightline.Cli.Parity;
using Sightline.Data;
using Sightline.Tests.Training;
using Sightline.Training.Schedules;

namespace Sightline.Tests.Reference
{
    /// <summary>
    /// `check parity`'s first check: the same initial weights and the same two training batches (Sightline's crops,
    /// flips and lighting) give the same inputs and the same weights after two SGD steps in Sightline's CPU engine and
    /// in Tests/Reference/parity_trainer.py; and a reference that deviates (no momentum, the wrong mirror axis) is
    /// caught. Ignored, saying why, when python3 with torch is not installed.
    /// </summary>
    [Category("Torch")]
    public class ParityStepCheckTests
    {
        string _root = string.Empty;

        [SetUp]
        public void SetUp() => _root = CliRun.NewFolder("parity-step");

        [TearDown]
        public void TearDown()
        {
            try { Directory.Delete(_root, true); } catch (IOException) { }
        }

        static string Script()
        {
            string? missing = PythonRunner.TorchMissingReason();
            if (missing != null) Assert.Ignore("not run: " + missing);
            try
            {
                return PythonRunner.FindReferenceScript("parity_trainer.py", null);
            }
            catch (FileNotFoundException e)
            {
                Assert.Ignore("not run: " + e.Message);
                throw;
            }
        }

        ParityStepResult Check(string script, AugmentationChoice augmentation)
        {
            // 110 x 110 images: the mini network's stored size, so both sides read the same pixels without resizing.
            string data = CliRun.ImageFolder(Path.Combine(_root, "data"), 12, 7, 110, 110);
            var request = new ParityRequest { Data = data, Batch = 8, Epochs = 1, Augmentation = augmentation, Schedule = ScheduleKind.Plateau, Threads = 2 };
            string folder = Path.Combine(_root, "torch-" + augmentation);
            Directory.CreateDirectory(folder);
            using var job = ParityRun.OpenJob(request, 1, Path.Combine(_root, "run-" + augmentation));
            var initial = ParityRun.WriteRecipe(folder, job, request, 1);
            return ParityStepCheck.Run(folder, job, initial, 2, script, 600);
        }

        // A copy of the reference scripts with one line changed, to see the check fail.
        string Mutated(string script, string from, string to)
        {
            string folder = Path.Combine(_root, "mutant");
            Directory.CreateDirectory(folder);
            string text = File.ReadAllText(script);
            Assume.That(text.Contains(from), Is.True, $"the reference script no longer contains '{from}'");
            File.WriteAllText(Path.Combine(folder, "parity_trainer.py"), text.Replace(from, to));
            File.Copy(Path.Combine(Path.GetDirectoryName(script)!, "alexnet_reference.py"), Path.Combine(folder, "alexnet_reference.py"), true);
            return Path.Combine(folder, "parity_trainer.py");
        }

        [TestCase(AugmentationChoice.Paper)]
        [TestCase(AugmentationChoice.None)]
        public void TwoStepsAgreeWithPyTorch(AugmentationChoice augmentation)
        {
            var r = Check(Script(), augmentation);
            TestContext.WriteLine($"input {r.InputMaxAbs:g3}, lighting {r.LightingMaxAbs:g3}, weights {r.WeightsMaxAbs:g3}, largest change {r.UpdateMaxAbs:g3}");
            Assert.That(r.InputMaxAbs, Is.LessThanOrEqualTo(1e-5), "input");
            Assert.That(r.LightingMaxAbs, Is.LessThanOrEqualTo(1e-4), "lighting delta");
            Assert.That(r.UpdateMaxAbs, Is.GreaterThan(1e-4), "the steps changed the weights");
            Assert.That(r.WeightsMaxAbs, Is.LessThanOrEqualTo(1e-5), "weights after two steps");
            Assert.That(r.Agrees, Is.True);
        }

        [Test]
        public void AReferenceWithoutMomentumIsCaught()
        {
            var r = Check(Mutated(Script(), "v.mul_(recipe[\"momentum\"])", "v.mul_(0.0)"), AugmentationChoice.Paper);
            Assert.That(r.WeightsMaxAbs, Is.GreaterThan(1e-4), "weights after two steps");
            Assert.That(r.Agrees, Is.False);
        }

        [Test]
        public void AReferenceThatMirrorsTheWrongAxisIsCaught()
        {
            var r = Check(Mutated(Script(), "crop = crop.flip(2)", "crop = crop.flip(1)"), AugmentationChoice.Paper);
            Assert.That(r.InputMaxAbs, Is.GreaterThan(1.0), "input");
            Assert.That(r.Agrees, Is.False);
        }
    }
}
