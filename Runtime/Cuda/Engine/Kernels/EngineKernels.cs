using System;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Nvrtc;

namespace Sightline.Cuda.Engine.Kernels
{
    /// <summary>
    /// The engine's own kernels (Native~/kernels/*.cu) compiled for one device, with typed launchers. Each method
    /// states the shapes it expects; the kernels' files say what they compute.
    /// </summary>
    internal sealed class EngineKernels : IDisposable
    {
        // Files of Native~/kernels this engine uses.
        public static readonly string[] Sources = { "lrn_pool", "bias_relu", "dropout", "softmax_loss", "sgd", "copy2d", "transpose", "bf16_inference" };

        const int LrnTileChannels = 32;  // LRN_TILE_C in lrn_pool.cu
        const int LrnTilePixels = 32;    // LRN_TILE_P
        const int Threads = 256;
        const uint MaxGridYZ = 65535;    // the driver's limit for gridDim.y and gridDim.z; the kernels loop beyond it

        readonly OwnedResources _modules = new OwnedResources();
        readonly int _maxBlocks;

        public EngineKernels(CudaContext context, NvrtcCompiler compiler, Func<string, string> source)
        {
            string target = compiler.TargetFor(context.Device.ComputeCapability);
            CudaModule Load(string file)
            {
                var compiled = compiler.Compile(source(file), file + ".cu", target);
                return _modules.Add(new CudaModule(context, compiled.Image, file + ".cu (" + compiled.Target + ")"));
            }
            var lrn = Load("lrn_pool");
            ReluLrnForwardKernel = lrn.Kernel("relu_lrn_forward");
            ReluLrnBackwardKernel = lrn.Kernel("relu_lrn_backward");
            MaxPoolForwardKernel = lrn.Kernel("max_pool_forward");
            MaxPoolBackwardKernel = lrn.Kernel("max_pool_backward");
            ReluLrnPoolForwardKernel = lrn.Kernel("relu_lrn_pool_forward");
            PoolReluLrnBackwardKernel = lrn.Kernel("pool_relu_lrn_backward");
            TransposeKernel = Load("transpose").Kernel("transpose_batched");
            var bf16 = Load("bf16_inference");
            Bf16FromF32Kernel = bf16.Kernel("bf16_from_f32");
            Bf16FromF32TransposedKernel = bf16.Kernel("bf16_from_f32_transposed");
            Bf16LrnPoolKernel = bf16.Kernel("bf16_lrn_pool_nhwc");
            Bf16ReluPoolKernel = bf16.Kernel("bf16_relu_pool_nhwc");
            Bf16BiasActKernel = bf16.Kernel("bf16_bias_act");
            var bias = Load("bias_relu");
            BiasReluForwardKernel = bias.Kernel("bias_relu_forward");
            BiasForwardKernel = bias.Kernel("bias_forward");
            ReluBackwardKernel = bias.Kernel("relu_backward");
            BiasGradPartialKernel = bias.Kernel("bias_grad_partial");
            BiasGradFinishKernel = bias.Kernel("bias_grad_finish");
            BiasGradRowsKernel = bias.Kernel("bias_grad_rows");
            var dropout = Load("dropout");
            FcEpilogueKernel = dropout.Kernel("fc_bias_relu_dropout_forward");
            DropoutForwardKernel = dropout.Kernel("dropout_forward");
            DropoutBackwardKernel = dropout.Kernel("dropout_backward");
            SoftmaxLossKernel = Load("softmax_loss").Kernel("softmax_cross_entropy");
            SgdKernel = Load("sgd").Kernel("sgd_momentum_update");
            var copy = Load("copy2d");
            Copy2dKernel = copy.Kernel("copy_2d");
            Add2dKernel = copy.Kernel("add_2d");
            // Grid-stride kernels: enough blocks to fill the device several times over, no more.
            _maxBlocks = Math.Max(1, context.Device.MultiprocessorCount) * 32;
        }

        CudaKernel ReluLrnForwardKernel { get; }
        CudaKernel ReluLrnBackwardKernel { get; }
        CudaKernel MaxPoolForwardKernel { get; }
        CudaKernel MaxPoolBackwardKernel { get; }
        CudaKernel ReluLrnPoolForwardKernel { get; }
        CudaKernel PoolReluLrnBackwardKernel { get; }
        CudaKernel TransposeKernel { get; }
        CudaKernel Bf16FromF32Kernel { get; }
        CudaKernel Bf16FromF32TransposedKernel { get; }
        CudaKernel Bf16LrnPoolKernel { get; }
        CudaKernel Bf16ReluPoolKernel { get; }
        CudaKernel Bf16BiasActKernel { get; }
        CudaKernel BiasReluForwardKernel { get; }
        CudaKernel BiasForwardKernel { get; }
        CudaKernel ReluBackwardKernel { get; }
        CudaKernel BiasGradPartialKernel { get; }
        CudaKernel BiasGradFinishKernel { get; }
        CudaKernel BiasGradRowsKernel { get; }
        CudaKernel FcEpilogueKernel { get; }
        CudaKernel DropoutForwardKernel { get; }
        CudaKernel DropoutBackwardKernel { get; }
        CudaKernel SoftmaxLossKernel { get; }
        CudaKernel SgdKernel { get; }
        CudaKernel Copy2dKernel { get; }
        CudaKernel Add2dKernel { get; }

        Dim3 GridFor(long count) => new Dim3((uint)Math.Min(Dim3.BlocksFor(Math.Max(1, count), Threads), (uint)_maxBlocks));

        /// <summary>Shared memory of relu_lrn_backward for an LRN window of <paramref name="size"/>.</summary>
        public static int LrnBackwardSharedBytes(int size) => ((LrnTileChannels + 2 * (size - 1)) + 3 * (LrnTileChannels + size - 1)) * LrnTilePixels * sizeof(float);
        public static int LrnForwardSharedBytes(int size) => (LrnTileChannels + size - 1) * LrnTilePixels * sizeof(float);

        static Dim3 LrnGrid(int batch, int channels, int groupChannels, int pixels)
        {
            int tiles = (groupChannels + LrnTileChannels - 1) / LrnTileChannels;
            return new Dim3(Dim3.BlocksFor(pixels, LrnTilePixels), checked((uint)(channels / groupChannels * tiles)), Math.Min((uint)batch, MaxGridYZ));
        }

        /// <summary>y = LRN(ReLU(x + bias)); x, y: [batch, channels, pixels]; windows stay inside groups of groupChannels.</summary>
        public void ReluLrnForward(CudaStream stream, ulong x, ulong bias, ulong y, int batch, int channels, int groupChannels, int pixels, int size, float alpha, float beta, float k)
        {
            var args = new KernelArgs();
            args.Add(x); args.Add(bias); args.Add(y);
            args.Add(batch); args.Add(channels); args.Add(groupChannels); args.Add(pixels); args.Add(size); args.Add(alpha / size); args.Add(beta); args.Add(k);
            ReluLrnForwardKernel.Launch(stream, LrnGrid(batch, channels, groupChannels, pixels), new Dim3(LrnTilePixels, 8), args, LrnForwardSharedBytes(size));
        }

        /// <summary>dx = d(LRN(ReLU(x + bias)))/dx applied to dy; dx must not alias x or dy.</summary>
        public void ReluLrnBackward(CudaStream stream, ulong x, ulong bias, ulong dy, ulong dx, int batch, int channels, int groupChannels, int pixels, int size, float alpha, float beta, float k)
        {
            var args = new KernelArgs();
            args.Add(x); args.Add(bias); args.Add(dy); args.Add(dx);
            args.Add(batch); args.Add(channels); args.Add(groupChannels); args.Add(pixels); args.Add(size); args.Add(alpha / size); args.Add(beta); args.Add(k);
            ReluLrnBackwardKernel.Launch(stream, LrnGrid(batch, channels, groupChannels, pixels), new Dim3(LrnTilePixels, 8), args, LrnBackwardSharedBytes(size));
        }

        /// <summary>
        /// y, argmax = MaxPool(LRN(ReLU(x + bias))) without writing the LRN output. x: [batch, channels, inH, inW];
        /// y, argmax: [batch, channels, outH, outW] (argmax 0 at inference). Same bits as ReluLrnForward then MaxPoolForward.
        /// </summary>
        public void ReluLrnPoolForward(CudaStream stream, ulong x, ulong bias, ulong y, ulong argmax, int batch, int channels, int groupChannels,
            int inH, int inW, int outH, int outW, int kernel, int stride, int size, float alpha, float beta, float k)
        {
            var args = new KernelArgs();
            args.Add(x); args.Add(bias); args.Add(y); args.Add(argmax);
            args.Add(batch); args.Add(channels); args.Add(groupChannels); args.Add(inH); args.Add(inW); args.Add(outH); args.Add(outW); args.Add(kernel); args.Add(stride);
            args.Add(size); args.Add(alpha / size); args.Add(beta); args.Add(k);
            var grid = new Dim3(Dim3.BlocksFor(outH * outW, 32), Dim3.BlocksFor(channels, 8), Math.Min((uint)batch, MaxGridYZ));
            ReluLrnPoolForwardKernel.Launch(stream, grid, new Dim3(32, 8), args);
        }

        /// <summary>
        /// dx = gradient of the convolution output from the pooled gradient dy and the forward's argmax, without a
        /// pre-pool gradient tensor. Same bits as MaxPoolBackward then ReluLrnBackward; dx must not alias x.
        /// </summary>
        public void PoolReluLrnBackward(CudaStream stream, ulong x, ulong bias, ulong dy, ulong argmax, ulong dx, int batch, int channels, int groupChannels,
            int inH, int inW, int outH, int outW, int kernel, int stride, int size, float alpha, float beta, float k)
        {
            var args = new KernelArgs();
            args.Add(x); args.Add(bias); args.Add(dy); args.Add(argmax); args.Add(dx);
            args.Add(batch); args.Add(channels); args.Add(groupChannels); args.Add(inH); args.Add(inW); args.Add(outH); args.Add(outW); args.Add(kernel); args.Add(stride);
            args.Add(size); args.Add(alpha / size); args.Add(beta); args.Add(k);
            PoolReluLrnBackwardKernel.Launch(stream, LrnGrid(batch, channels, groupChannels, inH * inW), new Dim3(LrnTilePixels, 8), args, LrnBackwardSharedBytes(size));
        }

        /// <summary>dst[b, c, r] = src[b, r, c] for src [batch, rows, cols] (NCHW &lt;-&gt; NHWC, KCRS &lt;-&gt; KRSC); dst must not alias src.</summary>
        public void Transpose(CudaStream stream, ulong src, ulong dst, int batch, int rows, int cols)
        {
            var args = new KernelArgs();
            args.Add(src); args.Add(dst); args.Add(batch); args.Add(rows); args.Add(cols);
            var grid = new Dim3(Dim3.BlocksFor(cols, 32), checked((uint)((rows + 31) / 32)), Math.Min((uint)batch, MaxGridYZ));
            TransposeKernel.Launch(stream, grid, new Dim3(32, 8), args);
        }

        /// <summary>x: [planes, inH, inW] -> y, argmax: [planes, outH, outW] (argmax may be 0 at inference).</summary>
        public void MaxPoolForward(CudaStream stream, ulong x, ulong y, ulong argmax, int planes, int inH, int inW, int outH, int outW, int kernel, int stride)
        {
            var args = new KernelArgs();
            args.Add(x); args.Add(y); args.Add(argmax);
            args.Add(planes); args.Add(inH); args.Add(inW); args.Add(outH); args.Add(outW); args.Add(kernel); args.Add(stride);
            MaxPoolForwardKernel.Launch(stream, new Dim3(Dim3.BlocksFor(outH * outW, Threads), Math.Min((uint)planes, MaxGridYZ)), Threads, args);
        }

        public void MaxPoolBackward(CudaStream stream, ulong dy, ulong argmax, ulong dx, int planes, int inH, int inW, int outH, int outW, int kernel, int stride)
        {
            var args = new KernelArgs();
            args.Add(dy); args.Add(argmax); args.Add(dx);
            args.Add(planes); args.Add(inH); args.Add(inW); args.Add(outH); args.Add(outW); args.Add(kernel); args.Add(stride);
            MaxPoolBackwardKernel.Launch(stream, new Dim3(Dim3.BlocksFor(inH * inW, Threads), Math.Min((uint)planes, MaxGridYZ)), Threads, args);
        }

        /// <summary>dst[i] = bf16(src[i]) for n values.</summary>
        public void Bf16FromF32(CudaStream stream, ulong src, ulong dst, long n)
        {
            var args = new KernelArgs();
            args.Add(src); args.Add(dst); args.Add(n);
            Bf16FromF32Kernel.Launch(stream, GridFor(n), Threads, args);
        }

        /// <summary>dst[b, c, r] = bf16(src[b, r, c]) for src [batch, rows, cols] fp32.</summary>
        public void Bf16FromF32Transposed(CudaStream stream, ulong src, ulong dst, int batch, int rows, int cols)
        {
            var args = new KernelArgs();
            args.Add(src); args.Add(dst); args.Add(batch); args.Add(rows); args.Add(cols);
            var grid = new Dim3(Dim3.BlocksFor(cols, 32), checked((uint)((rows + 31) / 32)), Math.Min((uint)batch, MaxGridYZ));
            Bf16FromF32TransposedKernel.Launch(stream, grid, new Dim3(32, 8), args);
        }

        /// <summary>y = MaxPool(LRN(ReLU(x + bias))), bf16 NHWC: x [batch, inH, inW, channels] -> y [batch, outH, outW, channels].</summary>
        public void Bf16LrnPool(CudaStream stream, ulong x, ulong bias, ulong y, int batch, int channels, int groupChannels,
            int inH, int inW, int outH, int outW, int kernel, int stride, int size, float alpha, float beta, float k)
        {
            var args = new KernelArgs();
            args.Add(x); args.Add(bias); args.Add(y);
            args.Add(batch); args.Add(channels); args.Add(groupChannels); args.Add(inH); args.Add(inW); args.Add(outH); args.Add(outW); args.Add(kernel); args.Add(stride);
            args.Add(size); args.Add(alpha / size); args.Add(beta); args.Add(k);
            Bf16LrnPoolKernel.Launch(stream, new Dim3(Dim3.BlocksFor((long)outH * outW * channels, Threads), Math.Min((uint)batch, MaxGridYZ)), Threads, args);
        }

        /// <summary>y = MaxPool(ReLU(x + bias)), bf16 NHWC.</summary>
        public void Bf16ReluPool(CudaStream stream, ulong x, ulong bias, ulong y, int batch, int channels, int inH, int inW, int outH, int outW, int kernel, int stride)
        {
            var args = new KernelArgs();
            args.Add(x); args.Add(bias); args.Add(y);
            args.Add(batch); args.Add(channels); args.Add(inH); args.Add(inW); args.Add(outH); args.Add(outW); args.Add(kernel); args.Add(stride);
            Bf16ReluPoolKernel.Launch(stream, new Dim3(Dim3.BlocksFor((long)outH * outW * channels, Threads), Math.Min((uint)batch, MaxGridYZ)), Threads, args);
        }

        /// <summary>In place on y [rows, units] bf16: y += bias[unit % channels], then ReLU when asked.</summary>
        public void Bf16BiasActivation(CudaStream stream, ulong y, ulong bias, int rows, int units, int channels, bool relu)
        {
            var args = new KernelArgs();
            args.Add(y); args.Add(bias); args.Add(rows); args.Add(units); args.Add(channels); args.Add(relu ? 1 : 0);
            Bf16BiasActKernel.Launch(stream, new Dim3(Dim3.BlocksFor(units, Threads), Math.Min((uint)rows, MaxGridYZ)), Threads, args);
        }

        /// <summary>In place on y [batch, channels, pixels]: y = max(y + bias[c], 0), or y + bias[c] without ReLU.</summary>
        public void BiasActivation(CudaStream stream, ulong y, ulong bias, int batch, int channels, int pixels, bool relu)
        {
            var args = new KernelArgs();
            args.Add(y); args.Add(bias); args.Add(batch); args.Add(channels); args.Add(pixels);
            var grid = new Dim3(Dim3.BlocksFor(channels * pixels, Threads), Math.Min((uint)batch, MaxGridYZ));
            (relu ? BiasReluForwardKernel : BiasForwardKernel).Launch(stream, grid, Threads, args);
        }

        /// <summary>dx = y > 0 ? dy * scale : 0 (dx may be dy).</summary>
        public void ReluBackward(CudaStream stream, ulong y, ulong dy, ulong dx, float scale, long total)
        {
            var args = new KernelArgs();
            args.Add(y); args.Add(dy); args.Add(dx); args.Add(scale); args.Add(total);
            ReluBackwardKernel.Launch(stream, GridFor(total), Threads, args);
        }

        /// <summary>Chunks of images for the first pass of a bias gradient: enough blocks to fill the device, deterministic.</summary>
        public static int BiasGradImagesPerChunk(int batch, int channels)
        {
            int chunks = Math.Max(1, Math.Min(batch, (1024 + channels - 1) / channels));
            return (batch + chunks - 1) / chunks;
        }

        /// <summary>grad[c] = sum over n, pixels of dy [batch, channels, pixels]; partial holds at least batch * channels floats.</summary>
        public void BiasGradient(CudaStream stream, ulong dy, ulong grad, ulong partial, int batch, int channels, int pixels)
        {
            int perChunk = BiasGradImagesPerChunk(batch, channels);
            int chunks = (batch + perChunk - 1) / perChunk;
            var args = new KernelArgs();
            args.Add(dy); args.Add(partial); args.Add(batch); args.Add(channels); args.Add(pixels); args.Add(perChunk);
            BiasGradPartialKernel.Launch(stream, new Dim3((uint)channels, (uint)chunks), Threads, args);
            var finish = new KernelArgs();
            finish.Add(partial); finish.Add(grad); finish.Add(channels); finish.Add(chunks);
            BiasGradFinishKernel.Launch(stream, Dim3.BlocksFor(channels, Threads), Threads, finish);
        }

        /// <summary>grad[u] = sum over rows of dy[n * ld + u].</summary>
        public void BiasGradientRows(CudaStream stream, ulong dy, ulong grad, int rows, int units, int ld)
        {
            var args = new KernelArgs();
            args.Add(dy); args.Add(grad); args.Add(rows); args.Add(units); args.Add(ld);
            BiasGradRowsKernel.Launch(stream, Dim3.BlocksFor(units, Threads), Threads, args);
        }

        /// <summary>Fully connected epilogue in place on y [rows, ld]: bias, optional ReLU, optional inverted dropout.</summary>
        /// <summary>stepCounter: device address of the training step (a long), read when dropout is on.</summary>
        public void FcEpilogue(CudaStream stream, ulong y, ulong bias, int rows, int units, int ld, bool relu, float dropProbability, ulong key, ulong stepCounter, int totalUnits, int unitOffset)
        {
            var args = new KernelArgs();
            args.Add(y); args.Add(bias); args.Add(rows); args.Add(units); args.Add(ld); args.Add(relu ? 1 : 0);
            args.Add(dropProbability); args.Add(key); args.Add(stepCounter); args.Add(totalUnits); args.Add(unitOffset);
            FcEpilogueKernel.Launch(stream, GridFor((long)rows * units), Threads, args);
        }

        public void DropoutForward(CudaStream stream, ulong x, ulong y, long count, float dropProbability, ulong key, long step)
        {
            var args = new KernelArgs();
            args.Add(x); args.Add(y); args.Add(count); args.Add(dropProbability); args.Add(key); args.Add(step);
            DropoutForwardKernel.Launch(stream, GridFor(count), Threads, args);
        }

        public void DropoutBackward(CudaStream stream, ulong dy, ulong dx, long count, float dropProbability, ulong key, long step)
        {
            var args = new KernelArgs();
            args.Add(dy); args.Add(dx); args.Add(count); args.Add(dropProbability); args.Add(key); args.Add(step);
            DropoutBackwardKernel.Launch(stream, GridFor(count), Threads, args);
        }

        /// <summary>logits [batch, classes], labels [batch] -> loss [batch] and dlogits (mean over the batch; 0 to skip).</summary>
        public void SoftmaxCrossEntropy(CudaStream stream, ulong logits, ulong labels, ulong dlogits, ulong loss, int batch, int classes)
        {
            var args = new KernelArgs();
            args.Add(logits); args.Add(labels); args.Add(dlogits); args.Add(loss); args.Add(classes); args.Add(1f / batch);
            SoftmaxLossKernel.Launch(stream, (uint)batch, Threads, args);
        }

        /// <summary>One SGD step over [begin, end) of the flat buffers with the segment table (segEnd: long[], segFlag: byte[]).</summary>
        public void SgdUpdate(CudaStream stream, ulong w, ulong v, ulong g, long begin, long end, ulong segEnd, ulong segFlag, int segments, float learningRate, float momentum, float weightDecay)
        {
            var args = new KernelArgs();
            args.Add(w); args.Add(v); args.Add(g); args.Add(begin); args.Add(end); args.Add(segEnd); args.Add(segFlag); args.Add(segments);
            args.Add(learningRate); args.Add(momentum); args.Add(weightDecay);
            SgdKernel.Launch(stream, GridFor(end - begin), Threads, args);
        }

        /// <summary>dst[r * dstStride + c] = src[r * srcStride + c] (or +=) for r &lt; rows, c &lt; cols (floats).</summary>
        public void Copy2d(CudaStream stream, ulong dst, long dstStride, ulong src, long srcStride, int rows, long cols, bool accumulate)
        {
            var args = new KernelArgs();
            args.Add(dst); args.Add(dstStride); args.Add(src); args.Add(srcStride); args.Add(rows); args.Add(cols);
            (accumulate ? Add2dKernel : Copy2dKernel).Launch(stream, GridFor(rows * cols), Threads, args);
        }

        public void Dispose()
        {
            _modules.Dispose();
        }
    }
}
