using System;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Engine.Layers;
using Sightline.Cuda.Engine.Planning;

namespace Sightline.Cuda.Engine.Execution
{
    /// <summary>
    /// One tower's activations and gradients for one block, allocated for the largest batch:
    ///   Concat  [n, inputs]       both towers' previous outputs side by side (blocks reading all towers, split only)
    ///   Z       [n, out, pixels]  convolution / fully connected output; after the in-place bias+ReLU (no LRN) the activation
    ///   A       [n, out, pixels]  LRN output (blocks with LRN, unless fused with pooling: then never written)
    ///   P       [n, out, pooled]  max-pool output, with Argmax (blocks with pooling)
    ///   GOut    gradient of the block's output (written by the next block's backward, or the loss)
    ///   GA, GZ  gradients of A (LRN output, before pooling; not when fused) and of Z (before ReLU); GZ is GOut for a block without ReLU
    ///   GConcat gradient of Concat (split blocks reading all towers)
    /// </summary>
    internal sealed class ShareBuffers : IDisposable
    {
        readonly OwnedResources _owned = new OwnedResources();

        public ShareBuffers(BlockPlan block, BlockShare share, CudaContext context, int maxBatch, bool concat, bool fuseLrnPooling)
        {
            Block = block;
            Share = share;
            FusesLrnPooling = fuseLrnPooling && block.Lrn != null && block.Pool != null;
            long pre = (long)maxBatch * block.PrePoolSize(share);
            long output = (long)maxBatch * block.OutputSize(share);
            Z = _owned.Add(new DeviceBuffer<float>(context, pre));
            if (block.Lrn != null && !FusesLrnPooling) A = _owned.Add(new DeviceBuffer<float>(context, pre));
            if (block.Pool != null)
            {
                P = _owned.Add(new DeviceBuffer<float>(context, output));
                Argmax = _owned.Add(new DeviceBuffer<byte>(context, output));
            }
            GOut = _owned.Add(new DeviceBuffer<float>(context, output));
            if (block.Lrn != null && block.Pool != null && !FusesLrnPooling) GA = _owned.Add(new DeviceBuffer<float>(context, pre));
            // GOut stays the gradient of the block's output (the per-block checks read it); ReLU's backward writes GZ.
            if (block.Lrn != null || block.Pool != null || block.Relu) GZ = _owned.Add(new DeviceBuffer<float>(context, pre));
            if (concat)
            {
                long inputs = (long)maxBatch * InputSize;
                Concat = _owned.Add(new DeviceBuffer<float>(context, inputs));
                GConcat = _owned.Add(new DeviceBuffer<float>(context, inputs));
            }
        }

        public BlockPlan Block { get; }

        /// <summary>LRN and pooling run as one kernel each way (CudaEngineOptions.FuseLrnPooling): no A, no GA.</summary>
        public bool FusesLrnPooling { get; }
        public BlockShare Share { get; }
        public DeviceBuffer<float> Z { get; }
        public DeviceBuffer<float>? A { get; }
        public DeviceBuffer<float>? P { get; }
        public DeviceBuffer<byte>? Argmax { get; }
        public DeviceBuffer<float> GOut { get; }
        public DeviceBuffer<float>? GA { get; }
        public DeviceBuffer<float>? GZ { get; }
        public DeviceBuffer<float>? Concat { get; }
        public DeviceBuffer<float>? GConcat { get; }
        public ConvolutionOp? Convolution { get; set; }

        /// <summary>Per-image size of what this share reads.</summary>
        public long InputSize => Block.IsConvolution
            ? (long)Share.InChannels * Block.Layer.Input.Height * Block.Layer.Input.Width
            : Share.InChannels;

        /// <summary>Per-image size of the block's output (pooled when it pools).</summary>
        public long OutputSize => Block.OutputSize(Share);

        /// <summary>The block's output: pooled, else LRN'd, else the activation in Z.</summary>
        public DeviceBuffer<float> Output => P ?? A ?? Z;

        /// <summary>Gradient of the pre-pool tensor that feeds pooling (A when there is LRN, else Z).</summary>
        public DeviceBuffer<float> GradientBeforePool => GA ?? GZ ?? GOut;

        /// <summary>Gradient of Z: where ReLU's (and LRN's) backward leaves it.</summary>
        public DeviceBuffer<float> GradientOfZ => GZ ?? GOut;

        public void Dispose()
        {
            Convolution?.Dispose();
            _owned.Dispose();
        }
    }
}
