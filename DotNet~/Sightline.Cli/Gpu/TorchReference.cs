using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Sightline.Cpu;
using Sightline.Cuda.Engine;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Cli.Gpu
{
    /// <summary>
    /// The independent oracle: Tests/Reference/alexnet_reference.py builds the network in PyTorch from the spec
    /// Sightline writes, runs one training forward/backward in float64 with the same dropout masks, and Sightline
    /// compares its engines' logits, loss and every layer's gradients with it.
    /// </summary>
    public static class TorchReference
    {
        const ulong Seed = 777;
        const ulong DropoutSeed = 4242;
        const long Step = 3;

        public static string? FindScript(string? explicitPath)
        {
            try
            {
                return PythonRunner.FindReferenceScript("alexnet_reference.py", explicitPath);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
        }

        public static void Check(CheckResult r, string? script, NetworkSpec spec, int batch, int timeoutSeconds, Action<string> log)
        {
            if (script == null)
            {
                r.SkipReason = "Tests/Reference/alexnet_reference.py not found (run from the package root or pass --reference)";
                return;
            }
            var missing = PythonRunner.TorchMissingReason();
            if (missing != null)
            {
                r.SkipReason = missing;
                return;
            }
            var folder = Path.Combine(Path.GetTempPath(), "sightline-reference-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            try
            {
                var parameters = CheckData.Parameters(spec, Seed);
                var input = CheckData.Images(spec, batch, Seed + 1);
                var labels = CheckData.Labels(spec, batch, Seed + 2);
                WriteInputs(folder, spec, batch, parameters, input, labels);
                var (code, output) = PythonRunner.Run(new[] { script, folder }, timeoutSeconds);
                if (code != 0) throw new InvalidOperationException($"{script} exited with {code}: {PythonRunner.Tail(output, 1500)}");
                var logits = ReadDoubles(Path.Combine(folder, "logits.bin"), batch * spec.Classes);
                var grads = ReadDoubles(Path.Combine(folder, "grads.bin"), spec.ParameterCount);
                using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "result.json")));
                double loss = result.RootElement.GetProperty("loss").GetDouble();
                r.Notes.Add($"torch {result.RootElement.GetProperty("torch").GetString()}, reference loss {loss:0.######}");

                using (var cpu = new CpuEngine(spec, batch))
                    Compare(r, "cpu", cpu, spec, batch, parameters, input, labels, logits, grads, loss);
                foreach (var placement in new[] { Placement.OneDevice(0), Placement.TwoDevices(0, 0) })
                {
                    using var gpu = EngineCheck.Gpu(spec, placement, CudaMathMode.Strict, batch);
                    Compare(r, "cuda " + placement, gpu, spec, batch, parameters, input, labels, logits, grads, loss);
                }
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }

        static void Compare(CheckResult r, string name, IEngine engine, NetworkSpec spec, int batch, float[] parameters, float[] input, int[] labels,
            double[] logits, double[] grads, double loss)
        {
            engine.SetParameters(parameters);
            engine.DropoutSeed = DropoutSeed;
            engine.Step = Step;
            var ours = new float[batch * spec.Classes];
            engine.Forward(input, batch, ours, training: true);
            r.Add($"{name}: logits", Gpu.Compare.NormalizedMaxError(ours, logits), EngineCheck.StrictTolerance);
            float l = engine.Backward(labels);
            r.Add($"{name}: loss", Gpu.Compare.Relative(l, loss), EngineCheck.StrictTolerance);
            var g = new float[spec.ParameterCount];
            engine.GetGradients(g);
            foreach (var layer in spec.Layers.Where(x => x.HasParameters))
            {
                r.Add($"{name}: {layer.Name} weight gradient", Gpu.Compare.NormalizedMaxError(g.AsSpan(layer.WeightOffset, layer.WeightCount), grads.AsSpan(layer.WeightOffset, layer.WeightCount)), EngineCheck.EndToEndGradientTolerance);
                r.Add($"{name}: {layer.Name} bias gradient", Gpu.Compare.NormalizedMaxError(g.AsSpan(layer.BiasOffset, layer.BiasCount), grads.AsSpan(layer.BiasOffset, layer.BiasCount)), EngineCheck.EndToEndGradientTolerance);
            }
        }

        /// <summary>spec.json, params.bin, input.bin, labels.bin as alexnet_reference.py documents them.</summary>
        public static void WriteInputs(string folder, NetworkSpec spec, int batch, float[] parameters, float[] input, int[] labels)
        {
            var doc = new
            {
                classes = spec.Classes,
                inputSize = spec.InputSize,
                towers = spec.Towers,
                dropoutSeed = DropoutSeed,
                step = Step,
                training = true,
                batch,
                layers = Cluster.SpecJson.Layers(spec),
            };
            File.WriteAllText(Path.Combine(folder, "spec.json"), JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
            WriteFloats(Path.Combine(folder, "params.bin"), parameters);
            WriteFloats(Path.Combine(folder, "input.bin"), input);
            var labelBytes = new byte[labels.Length * 4];
            Buffer.BlockCopy(labels, 0, labelBytes, 0, labelBytes.Length);
            File.WriteAllBytes(Path.Combine(folder, "labels.bin"), labelBytes);
        }

        static void WriteFloats(string path, float[] values)
        {
            var bytes = new byte[values.Length * 4];
            Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            File.WriteAllBytes(path, bytes);
        }

        public static double[] ReadDoubles(string path, int count)
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length != count * 8) throw new InvalidDataException($"{path} holds {bytes.Length} bytes; expected {count} float64 values ({count * 8} bytes)");
            var values = new double[count];
            Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
            return values;
        }
    }
}
