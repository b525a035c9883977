using System;
using Sightline.Model;

namespace Sightline.Cuda.Engine.Planning
{
    /// <summary>
    /// About how much device memory a <see cref="CudaEngine"/> allocates: a fixed part (weights, gradients, momentum,
    /// cuDNN and cuBLAS workspaces) and a part per image of the largest batch (every block's activations and
    /// gradients, the input). Mirrors the buffers of DeviceState, TowerState and ShareBuffers; host-side only, so a
    /// batch size can be checked and suggested without a GPU. cuDNN's and the driver's own overheads are not counted.
    /// </summary>
    public sealed class CudaMemoryEstimate
    {
        const long BlasWorkspaceBytes = 32L << 20;

        CudaMemoryEstimate(long fixedBytes, long perImageBytes)
        {
            FixedBytes = fixedBytes;
            PerImageBytes = perImageBytes;
        }

        /// <summary>Bytes that do not depend on the batch size.</summary>
        public long FixedBytes { get; }
        /// <summary>Bytes per image of <see cref="CudaEngineOptions.MaxBatch"/>.</summary>
        public long PerImageBytes { get; }

        /// <summary>The whole engine for a largest batch of <paramref name="batch"/>.</summary>
        public long BytesFor(int batch) => FixedBytes + PerImageBytes * batch;

        public static CudaMemoryEstimate For(NetworkSpec spec, CudaEngineOptions? options = null)
        {
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            options ??= new CudaEngineOptions();
            var plan = EnginePlan.Build(spec, options.Placement.IsSplit);
            long perImage = 4L * spec.InputShape.Size + 4 + 4; // input image, label, loss
            foreach (var block in plan.Blocks)
                foreach (var share in block.Shares)
                {
                    long pre = block.PrePoolSize(share), output = block.OutputSize(share);
                    long floats = pre + output; // Z, GOut
                    bool fused = options.FuseLrnPooling && block.Lrn != null && block.Pool != null;
                    if (block.Lrn != null && !fused) floats += pre; // A
                    if (block.Pool != null) floats += output; // P (+ the byte argmax below)
                    if (block.Lrn != null && block.Pool != null && !fused) floats += pre; // GA
                    // NHWC copies of a convolution's input and output (Auto may choose NHWC for any layer).
                    if (block.IsConvolution && options.ConvolutionLayout != ConvolutionLayout.Nchw)
                        floats += (long)share.InChannels * block.Layer.Input.Height * block.Layer.Input.Width + pre;
                    if (block.Lrn != null || block.Pool != null || block.Relu) floats += pre; // GZ
                    if (block.Input == BlockInput.AllTowers && plan.TowerCount == 2)
                        floats += 2L * (block.IsConvolution ? (long)share.InChannels * block.Layer.Input.Height * block.Layer.Input.Width : share.InChannels);
                    perImage += 4 * floats + (block.Pool != null ? output : 0);
                }
            if (options.Bf16Inference)
            {
                // bf16 copies: the input, each convolution's output and pooled output, the hidden fully connected
                // activations; fp32 logits.
                perImage += 2L * spec.InputShape.Size + 4L * spec.Classes;
                foreach (var block in plan.Blocks)
                    foreach (var share in block.Shares)
                    {
                        if (block.IsConvolution) perImage += 2L * (block.PrePoolSize(share) + (block.Pool != null ? block.OutputSize(share) : 0));
                        else if (block.Index < plan.Blocks.Count - 1) perImage += 2L * share.OutChannels; // the last writes the fp32 logits
                    }
            }
            int devices = options.Placement.IsSplit && plan.TowerCount == 2 && options.Placement.DeviceA != options.Placement.DeviceB ? 2 : 1;
            long fixedBytes = devices * 3L * 4 * spec.ParameterCount + plan.TowerCount * (BlasWorkspaceBytes + Math.Max(256, options.WorkspaceBytes))
                + (options.Bf16Inference ? 2L * spec.ParameterCount : 0); // bf16 weights
            return new CudaMemoryEstimate(fixedBytes, perImage);
        }

        /// <summary>
        /// The largest batch (a multiple of 8 when it is at least 8, else a power of two) whose estimate fits in 90% of
        /// <paramref name="freeBytes"/>, leaving room for cuDNN's and the driver's own allocations; 0 when not even one image fits.
        /// </summary>
        public int SuggestBatch(long freeBytes)
        {
            long usable = (long)(freeBytes * 0.9) - FixedBytes;
            if (usable < PerImageBytes || PerImageBytes <= 0) return 0;
            long fits = Math.Min(usable / PerImageBytes, 65536);
            if (fits >= 8) return (int)(fits / 8 * 8);
            int power = 1;
            while (power * 2 <= fits) power *= 2;
            return power;
        }
    }
}
