using System;
using Sightline.Engines;

namespace Sightline.Cuda.Engine
{
    /// <summary>How a <see cref="CudaEngine"/> is built: placement, the largest batch, math mode, scratch memory.</summary>
    public sealed class CudaEngineOptions
    {
        int _maxBatch = 128;
        long _workspaceBytes = 512L << 20;

        public Placement Placement { get; set; } = Placement.OneDevice(0);

        /// <summary>Every buffer is allocated for this many images up front; Forward takes any batch up to it.</summary>
        public int MaxBatch
        {
            get => _maxBatch;
            set
            {
                if (value < 1 || value > 65536) throw new ArgumentOutOfRangeException(nameof(MaxBatch), value, "the largest batch must be between 1 and 65536");
                _maxBatch = value;
            }
        }

        public CudaMathMode MathMode { get; set; } = CudaMathMode.Strict;

        /// <summary>cuDNN workspace per tower; algorithms needing more are not chosen.</summary>
        public long WorkspaceBytes
        {
            get => _workspaceBytes;
            set
            {
                if (value < 0) throw new ArgumentOutOfRangeException(nameof(WorkspaceBytes), value, "workspace size must not be negative");
                _workspaceBytes = value;
            }
        }

        /// <summary>
        /// Every convolution algorithm is timed once per shape (cudnnFind*AlgorithmEx) and the fastest allowed one kept:
        /// Fastest (default) or Accurate (no Winograd/FFT convolutions; what checks against other engines use).</summary>
        public ConvolutionAlgorithms Algorithms { get; set; } = ConvolutionAlgorithms.Fastest;

        /// <summary>
        /// Replay the device-resident training step and inference pass as captured CUDA graphs (one launch instead of
        /// about a hundred) when the towers share one stream (OneDevice). Falls back to ordinary launches, with the
        /// reason in <see cref="CudaEngine.GraphStatus"/>, when capture fails.
        /// </summary>
        public bool CaptureGraphs { get; set; } = true;

        /// <summary>
        /// Layout of each convolution (the rest of the network is NCHW): Nchw (default), Auto (per layer and batch
        /// size, the faster by measurement including the transposes NHWC needs) or Nhwc. Auto becomes the default once
        /// `sightline check engine` has passed its NHWC checks on a GPU (CHANGELOG).
        /// </summary>
        public ConvolutionLayout ConvolutionLayout { get; set; } = ConvolutionLayout.Nchw;

        /// <summary>
        /// Run LRN and the max-pooling after it as one kernel forward and one backward (conv1, conv2): the LRN output
        /// and its gradient are never written, two passes over the largest tensors saved each way. Same bits as the
        /// separate kernels; false keeps them apart (for comparisons in `sightline bench gpu`).
        /// </summary>
        public bool FuseLrnPooling { get; set; } = true;

        /// <summary>
        /// Run inference passes (Forward with training off, Infer) in bf16: NHWC bf16 activations, bf16 copies of the
        /// weights, fp32 accumulation on tensor cores, fp32 logits (Native~/ENGINE.md). Training keeps
        /// <see cref="MathMode"/>. One device only (Placement.OneDevice). Not yet checked on a GPU.
        /// </summary>
        public bool Bf16Inference { get; set; }

        /// <summary>Seed of the dropout masks (IEngine.DropoutSeed can change it later).</summary>
        public ulong DropoutSeed { get; set; } = 0x5EED5EEDUL;
    }
}
