using System;
using Sightline.Model;

namespace Sightline.Cpu
{
    /// <summary>
    /// Layers' weights kept packed between forwards, since inference runs the same weights on every frame:
    /// - every convolution's, in the GEMM kernel's panels (<see cref="Convolution.PackWeights"/>; the paper network's
    ///   take 9 MB), for every forward;
    /// - every fully connected layer's, transposed for the matrix-vector path (<see cref="FullyConnected.PackWeights"/>),
    ///   for inference at up to <see cref="FullyConnected.PackedMaxBatch"/> images: a second copy of those weights
    ///   (the paper network's: 235 MB), allocated at the first such forward, that makes batch-1 fully connected
    ///   layers stream memory instead of transposing it (about 3x faster).
    /// The owner calls <see cref="Invalidate"/> whenever the parameters change; a layer is packed again on its next
    /// use, and also when another kernel (another panel height) was selected since it was packed.
    /// </summary>
    internal sealed unsafe class PackedLayerWeights : IDisposable
    {
        readonly LayerSpec[] _layers;
        readonly NativeBuffer?[] _buffers;
        readonly int[] _packedMr; // the panel height each layer was packed with (fully connected: 1); 0 = stale

        /// <summary>Allocates a buffer per convolution layer (so that forwards allocate nothing); fully connected ones come on first use.</summary>
        public PackedLayerWeights(LayerSpec[] layers)
        {
            _layers = layers;
            _buffers = new NativeBuffer?[layers.Length];
            _packedMr = new int[layers.Length];
            for (int i = 0; i < layers.Length; i++)
                if (layers[i].Kind == LayerKind.Convolution)
                    _buffers[i] = new NativeBuffer(Sightline.Cpu.Convolution.PackedWeightsSize(ConvolutionGeometry.FromLayer(layers[i])));
        }

        /// <summary>Marks every layer stale: the parameters changed.</summary>
        public void Invalidate() => Array.Clear(_packedMr, 0, _packedMr.Length);

        /// <summary>Convolution layer <paramref name="index"/>'s packed weights, packing them from <paramref name="weights"/> first if stale.</summary>
        public float* Convolution(CpuContext context, int index, in ConvolutionGeometry g, ReadOnlySpan<float> weights)
        {
            if (_packedMr[index] == Gemm.MR) return _buffers[index]!.Pointer;
            var buffer = Buffer(index, Sightline.Cpu.Convolution.PackedWeightsSize(g));
            Sightline.Cpu.Convolution.PackWeights(context, g, weights, buffer.Pointer);
            _packedMr[index] = Gemm.MR;
            return buffer.Pointer;
        }

        /// <summary>Fully connected layer <paramref name="index"/>'s packed weights (see <see cref="FullyConnected.CanPack"/>), packing them first if stale.</summary>
        public float* FullyConnected(CpuContext context, int index, ReadOnlySpan<float> weights)
        {
            if (_packedMr[index] == 1) return _buffers[index]!.Pointer;
            int inputs = _layers[index].Input.Size, outputs = _layers[index].Output.Size;
            var buffer = Buffer(index, Sightline.Cpu.FullyConnected.PackedWeightsSize(inputs, outputs));
            Sightline.Cpu.FullyConnected.PackWeights(context, inputs, outputs, weights, buffer.Pointer);
            _packedMr[index] = 1;
            return buffer.Pointer;
        }

        // Grows only at a fully connected layer's first packed use, or after a switch to a kernel with taller panels (tests).
        NativeBuffer Buffer(int index, long size)
        {
            var buffer = _buffers[index];
            if (buffer != null && buffer.Length >= size) return buffer;
            buffer?.Dispose();
            buffer = new NativeBuffer(size);
            _buffers[index] = buffer;
            return buffer;
        }

        public void Dispose()
        {
            foreach (var b in _buffers) b?.Dispose();
        }
    }
}
