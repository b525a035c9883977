using System;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Engine;
using Sightline.Cuda.Engine.Input;
using Sightline.Cuda.Nvrtc;
using Sightline.Data;
using Sightline.Engines;
using Sightline.Model;
using Sightline.Training.Batches;

namespace Sightline.Cli.Gpu
{
    /// <summary>
    /// GPU-side input (augment.cu through <see cref="GpuAugmenter"/>) against the CPU's <see cref="InputNormalization"/>
    /// (AugmentApply then the input scale): random frames, edge and random crops, flips, lighting offsets. The kernel
    /// rounds each operation as the CPU does, so the expected difference is zero bits. Also the engine's entry points
    /// that use it: LoadFrames (device-resident batches) and ForwardFrames (what TrainingSession uses).
    /// </summary>
    public static class AugmentCheck
    {
        public static void Run(CheckResult r, ulong seed)
        {
            var spec = NetworkSpec.Mini(10);
            int input = spec.InputShape.Height, stored = input + 17, batch = 9;
            foreach (float scale in new[] { 1f, 0.0173f })
            {
                var rng = new Random((int)(seed & 0x7fffffff) + (scale == 1f ? 0 : 1));
                var (frames, augment, mean) = Batch(rng, stored, input, batch);
                var normalization = InputNormalization.FromStoredMean(mean, stored, input, scale);
                int length = 3 * input * input;
                var expected = new float[batch * length];
                for (int i = 0; i < batch; i++)
                    normalization.Apply(frames.AsSpan(i * stored * stored * 3, stored * stored * 3), stored, augment[i], input, expected.AsSpan(i * length, length));
                var meanCrop = normalization.MeanPlanes(input);

                // The kernel alone, three batches in a row so both staging slots are used and one is reused.
                using (var context = CudaContext.Primary(0))
                using (var augmenter = new GpuAugmenter(context, NvrtcCompiler.Default(), stored, input, batch, meanCrop, scale))
                using (var output = new DeviceBuffer<float>(context, 3L * expected.Length))
                {
                    for (int k = 0; k < 3; k++) augmenter.Enqueue(frames, augment, batch, output.ElementAddress((long)k * expected.Length));
                    augmenter.Synchronize();
                    var got = output.ToArray();
                    for (int k = 0; k < 3; k++)
                        r.Add($"scale {scale}: kernel batch {k + 1} of 3, values differing in bits from InputNormalization.Apply", BitDifferences(got.AsSpan(k * expected.Length, expected.Length), expected), 0);
                }

                // The engine: LoadFrames (GPU augmentation) gives the same logits as LoadBatch of the CPU's input.
                var parameters = CheckData.Parameters(spec, seed + 40);
                var labels = CheckData.Labels(spec, batch, seed + 41);
                using var gpu = EngineCheck.Gpu(spec, Placement.OneDevice(0), CudaMathMode.Strict, batch);
                gpu.SetParameters(parameters);
                gpu.LoadBatch(expected, labels, batch);
                gpu.Infer();
                var fromHost = gpu.ReadLogits();
                gpu.SetFrameInput(stored, meanCrop, scale);
                gpu.LoadFrames(frames, augment, labels, batch);
                gpu.Infer();
                var fromFrames = gpu.ReadLogits();
                r.Add($"scale {scale}: engine logits after LoadFrames vs LoadBatch of the CPU input, values differing in bits", BitDifferences(fromFrames, fromHost), 0);

                // What training uses (IFrameInputEngine.ForwardFrames): a training forward and backward from frames
                // gives the same logits and loss as Forward of the CPU's input.
                var viaForward = new float[batch * spec.Classes];
                var viaFrames = new float[batch * spec.Classes];
                gpu.Step = 3;
                gpu.Forward(expected, batch, viaForward, training: true);
                float lossForward = gpu.Backward(labels);
                gpu.Step = 3;
                gpu.ForwardFrames(frames, augment, batch, viaFrames, training: true);
                float lossFrames = gpu.Backward(labels);
                r.Add($"scale {scale}: training logits of ForwardFrames vs Forward of the CPU input, values differing in bits", BitDifferences(viaFrames, viaForward), 0);
                r.Add($"scale {scale}: training loss of ForwardFrames vs Forward (difference)", Math.Abs(lossFrames - lossForward), 0);

                // TrainFrames (the whole step from frames, a captured graph once the shapes are prepared) against
                // Forward + Backward + Update of the CPU input from the same state.
                var sgd = new SgdSettings(0.01f);
                var zeros = new float[spec.ParameterCount];
                var afterSteps = new float[spec.ParameterCount];
                var afterFrames = new float[spec.ParameterCount];
                gpu.SetParameters(parameters);
                gpu.SetMomentum(zeros);
                gpu.Step = 5;
                gpu.Forward(expected, batch, viaForward, training: true);
                float stepLoss = gpu.Backward(labels);
                gpu.Update(sgd);
                gpu.GetParameters(afterSteps);
                gpu.SetParameters(parameters);
                gpu.SetMomentum(zeros);
                gpu.Step = 5;
                float frameLoss = gpu.TrainFrames(frames, augment, labels, batch, sgd, viaFrames);
                gpu.GetParameters(afterFrames);
                r.Notes.Add($"scale {scale}: TrainFrames ran with graphs {gpu.GraphStatus}, step counter {gpu.Step}");
                r.Add($"scale {scale}: TrainFrames loss vs Forward+Backward (difference)", Math.Abs(frameLoss - stepLoss), 0);
                r.Add($"scale {scale}: TrainFrames logits vs Forward of the CPU input, values differing in bits", BitDifferences(viaFrames, viaForward), 0);
                r.Add($"scale {scale}: parameters after TrainFrames vs Forward+Backward+Update, values differing in bits", BitDifferences(afterFrames, afterSteps), 0);
                r.Add($"scale {scale}: step counter after TrainFrames", gpu.Step == 6 ? 0 : 1, 0);

                // The same step from the engine's page-locked frame memory (uploaded without a staging copy), at an
                // offset inside it so the offset arithmetic is exercised too.
                using (var rented = gpu.RentFrameBuffer(frames.Length + 4096))
                {
                    frames.CopyTo(rented.Memory.Span.Slice(4096));
                    var afterPinned = new float[spec.ParameterCount];
                    var viaPinned = new float[batch * spec.Classes];
                    gpu.SetParameters(parameters);
                    gpu.SetMomentum(zeros);
                    gpu.Step = 5;
                    float pinnedLoss = gpu.TrainFrames(rented.Memory.Span.Slice(4096, frames.Length), augment, labels, batch, sgd, viaPinned);
                    gpu.GetParameters(afterPinned);
                    r.Add($"scale {scale}: TrainFrames from rented pinned memory vs from an array, loss difference", Math.Abs(pinnedLoss - frameLoss), 0);
                    r.Add($"scale {scale}: parameters after TrainFrames from rented pinned memory vs Forward+Backward+Update, values differing in bits", BitDifferences(afterPinned, afterSteps), 0);
                }
            }
        }

        /// <summary>Random frames and mean, and augmentation covering both crop edges, flips and lighting.</summary>
        internal static (byte[] Frames, AugmentParams[] Augment, float[] Mean) Batch(Random rng, int stored, int input, int batch)
        {
            var frames = new byte[batch * stored * stored * 3];
            rng.NextBytes(frames);
            var mean = new float[stored * stored * 3];
            for (int i = 0; i < mean.Length; i++) mean[i] = 60f + 120f * (float)rng.NextDouble();
            int limit = stored - input;
            var augment = new AugmentParams[batch];
            for (int i = 0; i < batch; i++)
            {
                int x = i == 0 ? 0 : i == 1 ? limit : i == 2 ? limit : rng.Next(limit + 1);
                int y = i == 0 ? limit : i == 1 ? 0 : i == 2 ? limit : rng.Next(limit + 1);
                augment[i] = new AugmentParams(x, y, i % 2 == 1, Delta(rng), Delta(rng), Delta(rng));
            }
            return (frames, augment, mean);
        }

        static float Delta(Random rng) => (float)(rng.NextDouble() * 40 - 20);

        internal static int BitDifferences(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
        {
            if (actual.Length != expected.Length) return Math.Max(actual.Length, expected.Length);
            int n = 0;
            for (int i = 0; i < actual.Length; i++)
                if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i])) n++;
            return n;
        }
    }
}
