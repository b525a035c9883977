using System;
using Sightline.Model;

namespace Sightline.Cpu
{
    /// <summary>
    /// Every convolution layer's weights packed into the GEMM kernel's panels (<see cref="Convolution.PackWeights"/>),
    /// kept between forwards: inference runs the same weights on every frame, so it packs them once instead of once
    /// per forward (about 9 MB of the paper network's weights read, transposed and written each time). The owner calls
    /// <see cref="Invalidate"/> whenever the parameters change; a layer is packed again on its next use, and also
    /// when another kernel (another panel height) was selected since it was packed.
    /// </summary>
    internal sealed unsafe class PackedConvolutionWeights : IDisposable
    {
        readonly NativeBuffer?[] _buffers;
        readonly int[] _packedMr; // the panel height each layer was packed with; 0 = stale

        /// <summary>Allocates a buffer per convolution layer of <paramref name="layers"/> (so that forwards allocate nothing).</summary>
        public PackedConvolutionWeights(LayerSpec[] layers)
        {
            _buffers = new NativeBuffer?[layers.Length];
            _packedMr = new int[layers.Length];
            for (int i = 0; i < layers.Length; i++)
                if (layers[i].Kind == LayerKind.Convolution)
                    _buffers[i] = new NativeBuffer(Convolution.PackedWeightsSize(ConvolutionGeometry.FromLayer(layers[i])));
        }

        /// <summary>Marks every layer stale: the parameters changed.</summary>
        public void Invalidate() => Array.Clear(_packedMr, 0, _packedMr.Length);

        /// <summary>Layer <paramref name="index"/>'s packed weights, packing them from <paramref name="weights"/> first if stale.</summary>
        public float* For(CpuContext context, int index, in ConvolutionGeometry g, ReadOnlySpan<float> weights)
        {
            var buffer = _buffers[index] ?? throw new ArgumentException($"layer {index} is not a convolution", nameof(index));
            if (_packedMr[index] == Gemm.MR) return buffer.Pointer;
            long size = Convolution.PackedWeightsSize(g);
            if (buffer.Length < size)
            {
                // Only after a switch to a kernel with taller panels (tests switch kernels); never in a step.
                buffer.Dispose();
                buffer = new NativeBuffer(size);
                _buffers[index] = buffer;
            }
            Convolution.PackWeights(context, g, weights, buffer.Pointer);
            _packedMr[index] = Gemm.MR;
            return buffer.Pointer;
        }

        public void Dispose()
        {
            foreach (var b in _buffers) b?.Dispose();
        }
    }
}
