using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Sightline.Cli.Gpu;
using Sightline.Cpu;
using Sightline.Model;

namespace Sightline.Tests.Reference
{
    /// <summary>
    /// The CPU engine against PyTorch in float64 (Tests/Reference/alexnet_reference.py), no GPU needed: the logits, the
    /// loss and every parameter gradient of one training step (dropout masks included) of the mini and the paper
    /// network. Ignored, saying why, when python3 with torch is not installed; CI installs it (.ci/run).
    /// </summary>
    [Category("Torch")]
    public class TorchReferenceCpuTests
    {
        const double LogitTolerance = EngineCheck.StrictTolerance;
        const double GradientTolerance = EngineCheck.EndToEndGradientTolerance;

        static string Script()
        {
            string? missing = PythonRunner.TorchMissingReason();
            if (missing != null) Assert.Ignore("not run: " + missing);
            try
            {
                return PythonRunner.FindReferenceScript("alexnet_reference.py", null);
            }
            catch (FileNotFoundException e)
            {
                Assert.Ignore("not run: " + e.Message);
                throw;
            }
        }

        static void Check(NetworkSpec spec, int batch)
        {
            string script = Script();
            string folder = Path.Combine(Path.GetTempPath(), "sightline-torch-cpu-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            try
            {
                var parameters = CheckData.Parameters(spec, 31);
                var input = CheckData.Images(spec, batch, 32);
                var labels = CheckData.Labels(spec, batch, 33);
                TorchReference.WriteInputs(folder, spec, batch, parameters, input, labels);
                var (code, output) = PythonRunner.Run(new[] { script, folder }, 600);
                Assert.That(code, Is.EqualTo(0), PythonRunner.Tail(output, 2000));
                var logits = TorchReference.ReadDoubles(Path.Combine(folder, "logits.bin"), batch * spec.Classes);
                var grads = TorchReference.ReadDoubles(Path.Combine(folder, "grads.bin"), spec.ParameterCount);
                double loss;
                using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "result.json"))))
                    loss = doc.RootElement.GetProperty("loss").GetDouble();

                using var engine = new CpuEngine(spec, batch, new CpuEngineOptions { ThreadCount = 2 });
                engine.SetParameters(parameters);
                // The script's dropout masks are DropoutMask's for this seed and step (TorchReference's constants).
                using (var spec0 = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "spec.json"))))
                {
                    engine.DropoutSeed = spec0.RootElement.GetProperty("dropoutSeed").GetUInt64();
                    engine.Step = spec0.RootElement.GetProperty("step").GetInt64();
                }
                var ours = new float[batch * spec.Classes];
                engine.Forward(input, batch, ours, training: true);
                Assert.That(Compare.NormalizedMaxError(ours, logits), Is.LessThan(LogitTolerance), "logits");
                float ourLoss = engine.Backward(labels);
                Assert.That(Math.Abs(ourLoss - loss) / Math.Max(1e-12, Math.Abs(loss)), Is.LessThan(LogitTolerance), "loss");
                var g = new float[spec.ParameterCount];
                engine.GetGradients(g);
                foreach (var layer in spec.Layers.Where(l => l.HasParameters))
                {
                    Assert.That(Compare.NormalizedMaxError(g.AsSpan(layer.WeightOffset, layer.WeightCount), grads.AsSpan(layer.WeightOffset, layer.WeightCount)),
                        Is.LessThan(GradientTolerance), layer.Name + " weight gradient");
                    Assert.That(Compare.NormalizedMaxError(g.AsSpan(layer.BiasOffset, layer.BiasCount), grads.AsSpan(layer.BiasOffset, layer.BiasCount)),
                        Is.LessThan(GradientTolerance), layer.Name + " bias gradient");
                }
                TestContext.WriteLine($"{spec}: logits, loss and {spec.Layers.Count(l => l.HasParameters)} layers' gradients match PyTorch float64");
            }
            finally
            {
                try { Directory.Delete(folder, true); } catch (IOException) { }
            }
        }

        [Test]
        public void MiniNetworkStepMatchesPyTorchFloat64() => Check(NetworkSpec.Mini(10), 8);

        [Test]
        public void MiniNetworkWithLrnAcrossTowersStepMatchesPyTorchFloat64() => Check(NetworkSpec.Mini(10).WithLrnAcrossTowers(true), 8);

        [Test]
        public void PaperNetworkStepMatchesPyTorchFloat64() => Check(NetworkSpec.Paper(1000), 2);
    }
}
