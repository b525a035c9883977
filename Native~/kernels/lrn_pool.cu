// The stages after a convolution with LRN and pooling (conv1, conv2 of Documentation~/network.md), NCHW fp32:
//   a = max(x + bias[c], 0)
//   y[c] = a[c] * (k + alpha/n * sum_{j in window(c)} a[j]^2)^-beta       (local response normalisation)
//   p = max over kernel x kernel windows of y, stride s, no padding          (overlapping max-pooling)
// window(c) = [c - size/2, c + (size-1)/2] clipped to the channel group (tower) that holds c, so the grouped
// one-device form and the split two-tower form give the same numbers.
//
// Separate kernels (relu_lrn_*, max_pool_*) and fused ones (relu_lrn_pool_forward, pool_relu_lrn_backward). The
// fused forward writes only the pooled output and the argmax, never the LRN output; the fused backward gathers
// the pooled gradient inside the LRN backward. Each saves a write and a read of the whole pre-pool tensor (for
// conv1 at batch 128, 149 MB each way). Both paths evaluate the same expressions in the same order, so they give
// the same bits (Native~/emulator checks it).
//
// Pooling records which window element won (row-major index within the window, first maximum wins on ties, as the
// CPU engine and PyTorch do); its backward runs one thread per input element and sums the (at most ceil(k/s)^2)
// windows that chose it: no atomics, deterministic.
//
// Indices inside one image are 32-bit (an image's tensor is far below 2^31 elements): 64-bit division is a
// software routine on the GPU and dominated the first version of these kernels. Images are walked by a loop over
// blockIdx.z (gridDim.z is capped at 65535, batches go to 65536). No CUDA headers (NVRTC compile-check without a
// GPU; see Documentation~/gpu.md).

#define LRN_TILE_C 32
#define LRN_TILE_P 32

// Scale^-beta for s >= k > 0 (log2 is defined: s is at least k).
__device__ __forceinline__ float lrn_pow_neg(float s, float beta)
{
    return exp2f(-beta * log2f(s));
}

__device__ __forceinline__ float lrn_bias_relu(float v, const float* bias, int c)
{
    v = v + (bias ? bias[c] : 0.f);
    return v > 0.f ? v : 0.f;
}

__device__ __forceinline__ float lrn_scale(float sumOfSquares, float alphaOverN, float k)
{
    return k + alphaOverN * sumOfSquares;
}

// Sum of the pooled gradient over the windows whose argmax is input element (iy, ix) of one plane; windows in
// row-major order (the order both pooling backward kernels use).
__device__ __forceinline__ float pool_gather(const float* __restrict__ dy, const unsigned char* __restrict__ argmax,
    int iy, int ix, int outH, int outW, int kernel, int stride)
{
    // Windows oy with oy*stride <= iy < oy*stride + kernel.
    const int oy0 = iy >= kernel ? (iy - kernel) / stride + 1 : 0;
    const int oy1 = min(iy / stride, outH - 1);
    const int ox0 = ix >= kernel ? (ix - kernel) / stride + 1 : 0;
    const int ox1 = min(ix / stride, outW - 1);
    float sum = 0.f;
    for (int oy = oy0; oy <= oy1; ++oy)
        for (int ox = ox0; ox <= ox1; ++ox)
        {
            const int j = oy * outW + ox;
            if (argmax[j] == (unsigned char)((iy - oy * stride) * kernel + (ix - ox * stride))) sum += dy[j];
        }
    return sum;
}

// ---------------------------------------------------------------- LRN alone (blocks with LRN, without pooling)
// Each block takes 32 pixels x one tile of LRN_TILE_C channels of one image, stages the tile plus its halo in
// shared memory (one read of x per element, warps read 32 consecutive pixels) and writes y once. The backward
// recomputes a and the scale from x instead of storing them: 2 tensor reads + 1 write, no extra buffer.

// The channels a block of the tiled LRN kernels covers, [c0, c1), inside its group (tower) [g0, g1): block row
// blockIdx.y is tile (blockIdx.y % tiles per group) of group (blockIdx.y / tiles per group).
struct lrn_tile { int g0, g1, c0, c1; };

__device__ __forceinline__ lrn_tile lrn_tile_of(int blockRow, int groupChannels)
{
    const int tilesPerGroup = (groupChannels + LRN_TILE_C - 1) / LRN_TILE_C;
    lrn_tile t;
    t.g0 = (blockRow / tilesPerGroup) * groupChannels;
    t.g1 = t.g0 + groupChannels;
    t.c0 = t.g0 + (blockRow % tilesPerGroup) * LRN_TILE_C;
    t.c1 = min(t.c0 + LRN_TILE_C, t.g1);
    return t;
}

// grid: (ceil(pixels / 32), groups * ceil(groupChannels / LRN_TILE_C), min(batch, 65535)); block (32, 8).
// dynamic shared memory: (LRN_TILE_C + size - 1) * 32 floats.
extern "C" __global__ void relu_lrn_forward(
    const float* __restrict__ x,     // [batch, channels, pixels] convolution output without bias
    const float* __restrict__ bias,  // [channels] or null
    float* __restrict__ y,           // [batch, channels, pixels]
    int batch, int channels, int groupChannels, int pixels, int size, float alphaOverN, float beta, float k)
{
    extern __shared__ float sa[];
    const int lo = size / 2, hi = (size - 1) / 2;
    const lrn_tile tile = lrn_tile_of(blockIdx.y, groupChannels);
    const int g0 = tile.g0, g1 = tile.g1, c0 = tile.c0, c1 = tile.c1;
    const int h0 = max(c0 - lo, g0), h1 = min(c1 + hi, g1);
    const int p = blockIdx.x * LRN_TILE_P + threadIdx.x;
    for (int n = blockIdx.z; n < batch; n += gridDim.z)
    {
        const float* xn = x + (long long)n * channels * pixels;
        float* yn = y + (long long)n * channels * pixels;
        for (int c = h0 + (int)threadIdx.y; c < h1; c += blockDim.y)
            sa[(c - h0) * LRN_TILE_P + threadIdx.x] = p < pixels ? lrn_bias_relu(xn[c * pixels + p], bias, c) : 0.f;
        __syncthreads();
        if (p < pixels)
            for (int c = c0 + (int)threadIdx.y; c < c1; c += blockDim.y)
            {
                const int j0 = max(c - lo, g0), j1 = min(c + hi, g1 - 1);
                float sum = 0.f;
                for (int j = j0; j <= j1; ++j)
                {
                    const float a = sa[(j - h0) * LRN_TILE_P + threadIdx.x];
                    sum += a * a;
                }
                yn[c * pixels + p] = sa[(c - h0) * LRN_TILE_P + threadIdx.x] * lrn_pow_neg(lrn_scale(sum, alphaOverN, k), beta);
            }
        __syncthreads(); // the next image reuses sa
    }
}

// dx[i] = [a_i > 0] * (dy_i s_i^-beta - 2 beta alpha/n a_i sum_{j: i in window(j)} dy_j a_j s_j^(-beta-1)).
// dy is either given (dyPool null) or gathered from the pooled gradient dyPool [batch, channels, outH, outW] and
// its argmax (the fused backward; the plane is inH = pixels / inW rows of inW).
__device__ __forceinline__ void relu_lrn_backward_tile(
    const float* __restrict__ x, const float* __restrict__ bias, const float* __restrict__ dy,
    const float* __restrict__ dyPool, const unsigned char* __restrict__ argmax, float* __restrict__ dx,
    int batch, int channels, int groupChannels, int pixels, int inW, int outH, int outW, int kernel, int stride,
    int size, float alphaOverN, float beta, float k, float* smem)
{
    const int lo = size / 2, hi = (size - 1) / 2;
    const lrn_tile tile = lrn_tile_of(blockIdx.y, groupChannels);
    const int g0 = tile.g0, g1 = tile.g1, c0 = tile.c0, c1 = tile.c1;
    // a is needed where any s_j of the t range needs it; t (and s, dy) where any output channel needs it.
    const int t0 = max(c0 - hi, g0), t1 = min(c1 + lo, g1);
    const int a0 = max(t0 - lo, g0), a1 = min(t1 + hi, g1);
    const int p = blockIdx.x * LRN_TILE_P + threadIdx.x;
    const int tx = threadIdx.x;
    const int iy = dyPool && p < pixels ? p / inW : 0, ix = p - iy * inW;
    const int pooled = outH * outW;

    float* sa = smem;                                           // a for [a0, a1)
    float* st = sa + (LRN_TILE_C + 2 * (size - 1)) * LRN_TILE_P; // dy_j a_j s_j^(-beta-1) for [t0, t1)
    float* sp = st + (LRN_TILE_C + size - 1) * LRN_TILE_P;       // s_j^-beta for [t0, t1)
    float* sd = sp + (LRN_TILE_C + size - 1) * LRN_TILE_P;       // dy_j for [t0, t1)

    for (int n = blockIdx.z; n < batch; n += gridDim.z)
    {
        const long long base = (long long)n * channels * pixels;
        for (int c = a0 + (int)threadIdx.y; c < a1; c += blockDim.y)
            sa[(c - a0) * LRN_TILE_P + tx] = p < pixels ? lrn_bias_relu(x[base + c * pixels + p], bias, c) : 0.f;
        __syncthreads();
        for (int c = t0 + (int)threadIdx.y; c < t1; c += blockDim.y)
        {
            const int j0 = max(c - lo, g0), j1 = min(c + hi, g1 - 1);
            float sum = 0.f;
            for (int j = j0; j <= j1; ++j)
            {
                const float a = sa[(j - a0) * LRN_TILE_P + tx];
                sum += a * a;
            }
            const float s = lrn_scale(sum, alphaOverN, k);
            const float pw = lrn_pow_neg(s, beta);
            float g = 0.f;
            if (p < pixels)
            {
                if (dyPool)
                {
                    const long long plane = ((long long)n * channels + c) * pooled;
                    g = pool_gather(dyPool + plane, argmax + plane, iy, ix, outH, outW, kernel, stride);
                }
                else g = dy[base + c * pixels + p];
            }
            sp[(c - t0) * LRN_TILE_P + tx] = pw;
            sd[(c - t0) * LRN_TILE_P + tx] = g;
            st[(c - t0) * LRN_TILE_P + tx] = g * sa[(c - a0) * LRN_TILE_P + tx] * pw / s;
        }
        __syncthreads();
        if (p < pixels)
        {
            const float coeff = 2.f * beta * alphaOverN;
            for (int c = c0 + (int)threadIdx.y; c < c1; c += blockDim.y)
            {
                const int j0 = max(c - hi, g0), j1 = min(c + lo, g1 - 1);
                float sum = 0.f;
                for (int j = j0; j <= j1; ++j) sum += st[(j - t0) * LRN_TILE_P + tx];
                const float a = sa[(c - a0) * LRN_TILE_P + tx];
                const float da = sd[(c - t0) * LRN_TILE_P + tx] * sp[(c - t0) * LRN_TILE_P + tx] - coeff * a * sum;
                dx[base + c * pixels + p] = a > 0.f ? da : 0.f;
            }
        }
        __syncthreads(); // the next image reuses the shared arrays
    }
}

// grid and block as the forward; dynamic shared memory: (LRN_TILE_C + 2 (size-1)) * 32 + 3 (LRN_TILE_C + size - 1) * 32 floats.
extern "C" __global__ void relu_lrn_backward(
    const float* __restrict__ x,     // [batch, channels, pixels] convolution output without bias (the forward's input)
    const float* __restrict__ bias,  // [channels] or null
    const float* __restrict__ dy,    // [batch, channels, pixels] gradient of the LRN output
    float* __restrict__ dx,          // [batch, channels, pixels] gradient of the convolution output; must not alias x or dy (blocks read neighbours' halo channels)
    int batch, int channels, int groupChannels, int pixels, int size, float alphaOverN, float beta, float k)
{
    extern __shared__ float smem[];
    relu_lrn_backward_tile(x, bias, dy, 0, 0, dx, batch, channels, groupChannels, pixels, 1, 0, 0, 0, 1, size, alphaOverN, beta, k, smem);
}

// ---------------------------------------------------------------- max-pooling alone (blocks without LRN)

// grid: (ceil(outH * outW / 256), min(planes, 65535)); block 256.
extern "C" __global__ void max_pool_forward(
    const float* __restrict__ x,          // [planes, inH, inW]   (planes = batch * channels)
    float* __restrict__ y,                // [planes, outH, outW]
    unsigned char* __restrict__ argmax,   // [planes, outH, outW] index within the window (kernel <= 15); null at inference
    int planes, int inH, int inW, int outH, int outW, int kernel, int stride)
{
    const int o = blockIdx.x * blockDim.x + threadIdx.x;
    if (o >= outH * outW) return;
    const int oy = o / outW, ox = o - oy * outW;
    for (int plane = blockIdx.y; plane < planes; plane += gridDim.y)
    {
        const float* src = x + (long long)plane * inH * inW + (oy * stride) * inW + ox * stride;
        float best = src[0];
        int at = 0;
        for (int ky = 0; ky < kernel; ++ky)
            for (int kx = 0; kx < kernel; ++kx)
            {
                const float v = src[ky * inW + kx];
                if (v > best) { best = v; at = ky * kernel + kx; }
            }
        const long long i = (long long)plane * outH * outW + o;
        y[i] = best;
        if (argmax) argmax[i] = (unsigned char)at;
    }
}

// grid: (ceil(inH * inW / 256), min(planes, 65535)); block 256. dx is overwritten.
extern "C" __global__ void max_pool_backward(
    const float* __restrict__ dy,               // [planes, outH, outW]
    const unsigned char* __restrict__ argmax,   // [planes, outH, outW] from the forward
    float* __restrict__ dx,                     // [planes, inH, inW]
    int planes, int inH, int inW, int outH, int outW, int kernel, int stride)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= inH * inW) return;
    const int iy = i / inW, ix = i - iy * inW;
    for (int plane = blockIdx.y; plane < planes; plane += gridDim.y)
    {
        const long long o = (long long)plane * outH * outW;
        dx[(long long)plane * inH * inW + i] = pool_gather(dy + o, argmax + o, iy, ix, outH, outW, kernel, stride);
    }
}

// ---------------------------------------------------------------- fused

// One thread per pooled output: the LRN value of each window element is computed from x as relu_lrn_forward does
// (same expressions, same order) and only the maximum is written. Each input element is evaluated by the (up to
// four) windows that cover it; the recomputation costs less than a write and a read of the LRN output.
// grid: (ceil(outH * outW / 32), ceil(channels / 8), min(batch, 65535)); block (32, 8).
extern "C" __global__ void relu_lrn_pool_forward(
    const float* __restrict__ x,          // [batch, channels, inH, inW] convolution output without bias
    const float* __restrict__ bias,       // [channels] or null
    float* __restrict__ y,                // [batch, channels, outH, outW] pooled LRN output
    unsigned char* __restrict__ argmax,   // [batch, channels, outH, outW] or null (inference)
    int batch, int channels, int groupChannels, int inH, int inW, int outH, int outW, int kernel, int stride,
    int size, float alphaOverN, float beta, float k)
{
    const int lo = size / 2, hi = (size - 1) / 2;
    const int o = blockIdx.x * blockDim.x + threadIdx.x;
    const int c = blockIdx.y * blockDim.y + threadIdx.y;
    if (o >= outH * outW || c >= channels) return;
    const int oy = o / outW, ox = o - oy * outW;
    const int g0 = c / groupChannels * groupChannels;
    const int j0 = max(c - lo, g0), j1 = min(c + hi, g0 + groupChannels - 1);
    const int pixels = inH * inW;
    const int corner = oy * stride * inW + ox * stride;
    for (int n = blockIdx.z; n < batch; n += gridDim.z)
    {
        const float* xn = x + (long long)n * channels * pixels;
        float best = 0.f;
        int at = 0;
        for (int ky = 0; ky < kernel; ++ky)
            for (int kx = 0; kx < kernel; ++kx)
            {
                const int p = corner + ky * inW + kx;
                float sum = 0.f;
                for (int j = j0; j <= j1; ++j)
                {
                    const float a = lrn_bias_relu(xn[j * pixels + p], bias, j);
                    sum += a * a;
                }
                const float v = lrn_bias_relu(xn[c * pixels + p], bias, c) * lrn_pow_neg(lrn_scale(sum, alphaOverN, k), beta);
                if ((ky == 0 && kx == 0) || v > best) { best = v; at = ky * kernel + kx; }
            }
        const long long i = ((long long)n * channels + c) * (outH * outW) + o;
        y[i] = best;
        if (argmax) argmax[i] = (unsigned char)at;
    }
}

// relu_lrn_backward whose dy is the pooled gradient routed back through the argmax (no pre-pool gradient tensor).
// grid, block and shared memory as relu_lrn_backward; pixels = inH * inW.
extern "C" __global__ void pool_relu_lrn_backward(
    const float* __restrict__ x,                // [batch, channels, inH, inW] convolution output without bias
    const float* __restrict__ bias,             // [channels] or null
    const float* __restrict__ dyPool,           // [batch, channels, outH, outW] gradient of the pooled output
    const unsigned char* __restrict__ argmax,   // [batch, channels, outH, outW] from the training forward
    float* __restrict__ dx,                     // [batch, channels, inH, inW] gradient of the convolution output
    int batch, int channels, int groupChannels, int inH, int inW, int outH, int outW, int kernel, int stride,
    int size, float alphaOverN, float beta, float k)
{
    extern __shared__ float smem[];
    relu_lrn_backward_tile(x, bias, 0, dyPool, argmax, dx, batch, channels, groupChannels, inH * inW, inW, outH, outW, kernel, stride,
        size, alphaOverN, beta, k, smem);
}
