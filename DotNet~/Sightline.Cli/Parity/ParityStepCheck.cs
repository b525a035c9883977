using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Sightline.Cli.Gpu;
using Sightline.Cpu;
using Sightline.Data;
using Sightline.Engines;
using Sightline.Training.Runs;

namespace Sightline.Cli.Parity
{
    /// <summary>What the reference made of Sightline's first steps (largest absolute differences).</summary>
    public sealed class ParityStepResult
    {
        /// <summary>Network input rebuilt from the image files with Sightline's crops, flips and lighting deltas.</summary>
        public double InputMaxAbs { get; set; }
        /// <summary>The PCA lighting delta for the same coefficients a_i.</summary>
        public double LightingMaxAbs { get; set; }
        /// <summary>Every parameter after the steps.</summary>
        public double WeightsMaxAbs { get; set; }
        /// <summary>The largest change of a parameter in those steps (the scale WeightsMaxAbs is small against).</summary>
        public double UpdateMaxAbs { get; set; }

        /// <summary>
        /// Inputs within float rounding (they are built by the same two float operations, so equal in practice) and
        /// every weight within 1e-5 after two steps (the demo measured 3e-8: float32 summation order only).
        /// </summary>
        public bool Agrees => InputMaxAbs <= 1e-4 && LightingMaxAbs <= 1e-4 && WeightsMaxAbs <= 1e-5;
    }

    /// <summary>
    /// Before the runs: the same weights and the same batches in, do Sightline and the reference trainer update the
    /// weights alike? Sightline draws two training batches with the run's augmentation, takes two SGD steps on a
    /// copy of the initial weights (momentum from zero, the second step's momentum carries the first's), and
    /// parity_trainer.py --step rebuilds those inputs from the image files, replays the steps in float32 with
    /// Sightline's dropout masks and reports the differences. Random streams are the one thing the runs do not share.
    /// </summary>
    public static class ParityStepCheck
    {
        const ulong DropoutSeed = 4242;
        const long FirstStep = 3;
        const int Steps = 2;

        public static ParityStepResult Run(string folder, TrainingJob job, float[] initialParameters, int threads, string script, int timeoutSeconds)
        {
            var spec = job.Spec;
            var source = job.Source;
            var settings = job.Session.Settings;
            int batch = job.Session.BatchSize;
            int inputLength = spec.InputShape.Size;
            int stored = source.StoredSize;
            int trainCount = source.Count(DatasetSplit.Train);
            using var engine = new CpuEngine(spec, batch, new CpuEngineOptions { ThreadCount = threads });
            engine.SetParameters(initialParameters);
            engine.SetMomentum(new float[spec.ParameterCount]);
            engine.DropoutSeed = DropoutSeed;
            engine.Step = FirstStep;
            var sgd = new SgdSettings(settings.LearningRate, settings.Momentum, settings.WeightDecay);
            var logits = new float[batch * spec.Classes];
            var steps = new object[Steps];
            for (int k = 0; k < Steps; k++)
            {
                // Frames spread over the training set; the same seed gives FillTraining and FillTrainingFrames the same draws.
                var samples = Enumerable.Range(0, batch).Select(i => (int)(((long)(k * batch + i) * 7919) % trainCount)).ToArray();
                ulong seed = 1000 + (ulong)k;
                var input = new float[batch * inputLength];
                var labels = new int[batch];
                var frames = new byte[batch * 3 * stored * stored];
                var views = new AugmentParams[batch];
                var frameLabels = new int[batch];
                source.FillTraining(samples, seed, settings.Augmentation, input, labels);
                source.FillTrainingFrames(samples, seed, settings.Augmentation, frames, views, frameLabels);
                long number = engine.Step;
                engine.Forward(input, batch, logits, training: true);
                engine.Backward(labels);
                engine.Update(sgd);
                WriteFloats(Path.Combine(folder, $"input_{k}.bin"), input);
                steps[k] = new
                {
                    samples,
                    labels,
                    step = number,
                    views = views.Select(v => new double[] { v.CropX, v.CropY, v.Flip, v.DeltaR, v.DeltaG, v.DeltaB }).ToArray(),
                };
            }
            var after = new float[spec.ParameterCount];
            engine.GetParameters(after);
            WriteFloats(Path.Combine(folder, "after.bin"), after);

            // The lighting formula on its own, with coefficients large enough to show any difference.
            double a0 = 1.0, a1 = -0.5, a2 = 0.25;
            AugmentationSampler.LightingDelta(source.LightingPca, LightingMode.Eigenvalue, a0, a1, a2, out float r, out float g, out float b);
            var doc = new
            {
                dropoutSeed = DropoutSeed,
                steps,
                lightingA = new[] { a0, a1, a2 },
                lightingDelta = new[] { r, g, b },
            };
            File.WriteAllText(Path.Combine(folder, "step.json"), JsonSerializer.Serialize(doc));

            var (code, output) = PythonRunner.Run(new[] { script, "--step", folder }, timeoutSeconds);
            if (code != 0) throw new InvalidOperationException($"{script} --step exited with {code}: {PythonRunner.Tail(output, 1500)}");
            using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "step_result.json")));
            var root = result.RootElement;
            return new ParityStepResult
            {
                InputMaxAbs = root.GetProperty("inputMaxAbs").GetDouble(),
                LightingMaxAbs = root.GetProperty("lightingMaxAbs").GetDouble(),
                WeightsMaxAbs = root.GetProperty("weightsMaxAbs").GetDouble(),
                UpdateMaxAbs = root.GetProperty("updateMaxAbs").GetDouble(),
            };
        }

        static void WriteFloats(string path, float[] values)
        {
            var bytes = new byte[values.Length * 4];
            Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            File.WriteAllBytes(path, bytes);
        }
    }
}
