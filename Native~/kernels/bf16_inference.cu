// bf16 inference (CudaEngineOptions.Bf16Inference): activations are bf16 NHWC from the input to the last pooling,
// the fully connected layers' hidden activations bf16 [n, units]; every kernel computes in fp32 and rounds once
// when it stores. Weights are bf16 copies of the fp32 master weights, refreshed after SetParameters and updates:
// convolution filters KRSC (cuDNN's NHWC filter layout), fc6 permuted to the NHWC order of its input.
// No CUDA headers: bf16 is an unsigned short handled by bit operations (NVRTC compile-check without a GPU).

typedef unsigned short bf_t;

__device__ __forceinline__ float bf_load(bf_t v)
{
    return __uint_as_float(((unsigned int)v) << 16);
}

// Round to nearest even; NaN stays a (quiet) NaN.
__device__ __forceinline__ bf_t bf_store(float f)
{
    unsigned int u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (bf_t)((u >> 16) | 0x40u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (bf_t)(u >> 16);
}

__device__ __forceinline__ float bf_pow_neg(float s, float beta)
{
    return exp2f(-beta * log2f(s));
}

// dst[n] = bf16(src[n]) (fc7, fc8 weights). grid-stride.
extern "C" __global__ void bf16_from_f32(const float* __restrict__ src, bf_t* __restrict__ dst, long long n)
{
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
        dst[i] = bf_store(src[i]);
}

// dst[b][c][r] = bf16(src[b][r][c]) for src [batch, rows, cols]: the NCHW fp32 input to NHWC bf16 (rows = C,
// cols = H*W), filters KCRS -> KRSC (batch = K, rows = C/groups, cols = R*S), fc6 rows CHW -> HWC.
// grid: (ceil(cols / 32), ceil(rows / 32), min(batch, 65535)); block (32, 8).
extern "C" __global__ void bf16_from_f32_transposed(const float* __restrict__ src, bf_t* __restrict__ dst, int batch, int rows, int cols)
{
    __shared__ float tile[32][33];
    const int c0 = blockIdx.x * 32, r0 = blockIdx.y * 32;
    const long long matrix = (long long)rows * cols;
    for (int b = blockIdx.z; b < batch; b += gridDim.z)
    {
        for (int i = threadIdx.y; i < 32; i += blockDim.y)
        {
            const int r = r0 + i, c = c0 + threadIdx.x;
            if (r < rows && c < cols) tile[i][threadIdx.x] = src[b * matrix + (long long)r * cols + c];
        }
        __syncthreads();
        for (int i = threadIdx.y; i < 32; i += blockDim.y)
        {
            const int c = c0 + i, r = r0 + threadIdx.x;
            if (r < rows && c < cols) dst[b * matrix + (long long)c * rows + r] = bf_store(tile[threadIdx.x][i]);
        }
        __syncthreads();
    }
}

// y = MaxPool(LRN(ReLU(x + bias))) in NHWC: one thread per pooled output (oy, ox, c) of an image, c fastest, so a
// warp reads neighbouring channels of one pixel. LRN windows stay inside groups of groupChannels (the towers).
// x [batch, inH, inW, C] bf16 (convolution output, no bias); y [batch, outH, outW, C] bf16.
// grid: (ceil(outH * outW * C / 256), min(batch, 65535)); block 256.
extern "C" __global__ void bf16_lrn_pool_nhwc(
    const bf_t* __restrict__ x, const float* __restrict__ bias, bf_t* __restrict__ y,
    int batch, int channels, int groupChannels, int inH, int inW, int outH, int outW, int kernel, int stride,
    int size, float alphaOverN, float beta, float k)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= outH * outW * channels) return;
    const int c = i % channels, o = i / channels;
    const int oy = o / outW, ox = o - oy * outW;
    const int lo = size / 2, hi = (size - 1) / 2;
    const int g0 = c / groupChannels * groupChannels;
    const int j0 = max(c - lo, g0), j1 = min(c + hi, g0 + groupChannels - 1);
    const float bc = bias[c];
    for (int n = blockIdx.y; n < batch; n += gridDim.y)
    {
        const bf_t* xn = x + (long long)n * inH * inW * channels;
        float best = 0.f;
        for (int ky = 0; ky < kernel; ++ky)
            for (int kx = 0; kx < kernel; ++kx)
            {
                const bf_t* px = xn + ((oy * stride + ky) * inW + ox * stride + kx) * channels;
                float sum = 0.f;
                for (int j = j0; j <= j1; ++j)
                {
                    float a = bf_load(px[j]) + bias[j];
                    a = a > 0.f ? a : 0.f;
                    sum += a * a;
                }
                float a = bf_load(px[c]) + bc;
                a = a > 0.f ? a : 0.f;
                const float v = a * bf_pow_neg(k + alphaOverN * sum, beta);
                if ((ky == 0 && kx == 0) || v > best) best = v;
            }
        y[(long long)n * outH * outW * channels + i] = bf_store(best);
    }
}

// y = MaxPool(ReLU(x + bias)) in NHWC (blocks with pooling and no LRN). Shapes and grid as bf16_lrn_pool_nhwc.
extern "C" __global__ void bf16_relu_pool_nhwc(
    const bf_t* __restrict__ x, const float* __restrict__ bias, bf_t* __restrict__ y,
    int batch, int channels, int inH, int inW, int outH, int outW, int kernel, int stride)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= outH * outW * channels) return;
    const int c = i % channels, o = i / channels;
    const int oy = o / outW, ox = o - oy * outW;
    const float bc = bias[c];
    for (int n = blockIdx.y; n < batch; n += gridDim.y)
    {
        const bf_t* xn = x + (long long)n * inH * inW * channels;
        float best = 0.f; // ReLU outputs are >= 0, so 0 is a lower bound of every window
        for (int ky = 0; ky < kernel; ++ky)
            for (int kx = 0; kx < kernel; ++kx)
            {
                const float v = bf_load(xn[((oy * stride + ky) * inW + ox * stride + kx) * channels + c]) + bc;
                if (v > best) best = v;
            }
        y[(long long)n * outH * outW * channels + i] = bf_store(best);
    }
}

// In place on y [rows, units] bf16 (NHWC activations with units = H*W*C and channels = C, or a fully connected
// layer's [batch, units] with channels = units): y = bias[c] + y, then ReLU when relu != 0.
// grid: (ceil(units / 256), min(rows, 65535)); block 256.
extern "C" __global__ void bf16_bias_act(bf_t* __restrict__ y, const float* __restrict__ bias, int rows, int units, int channels, int relu)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= units) return;
    const float b = bias[i % channels];
    for (int r = blockIdx.y; r < rows; r += gridDim.y)
    {
        bf_t* p = y + (long long)r * units + i;
        float v = bf_load(*p) + b;
        if (relu && v < 0.f) v = 0.f;
        *p = bf_store(v);
    }
}
