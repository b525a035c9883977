// Fused bias + ReLU + local response normalisation across channels (PAPER.md), NCHW fp32.
//   a = max(x + bias[c], 0)
//   y[c] = a[c] * (k + alpha/n * sum_{j in window(c)} a[j]^2)^-beta
// window(c) = [c - size/2, c + (size-1)/2] clipped to the channel group (tower) that holds c, so the grouped
// one-device form and the split two-tower form give the same numbers.
//
// Each block takes 32 pixels x one tile of LRN_TILE_C channels of one image, stages the tile plus its halo in
// shared memory (one read of x per element, warps read 32 consecutive pixels) and writes y once. The backward
// pass recomputes a and the scale from x instead of storing them: 2 tensor reads + 1 write, no extra buffer.
// No CUDA headers (NVRTC compile-check without a GPU; see GPU.md).

#define LRN_TILE_C 32
#define LRN_TILE_P 32

// Scale^-beta for s >= k > 0 (log2 is defined: s is at least k).
__device__ __forceinline__ float lrn_pow_neg(float s, float beta)
{
    return exp2f(-beta * log2f(s));
}

// grid: (ceil(pixels / 32), groups * ceil(groupChannels / LRN_TILE_C), batch); block (32, 8).
// dynamic shared memory: (LRN_TILE_C + size - 1) * 32 floats.
extern "C" __global__ void relu_lrn_forward(
    const float* __restrict__ x,     // [batch, channels, pixels] convolution output without bias
    const float* __restrict__ bias,  // [channels] or null
    float* __restrict__ y,           // [batch, channels, pixels]
    int channels, int groupChannels, int pixels, int size, float alphaOverN, float beta, float k)
{
    extern __shared__ float sa[];
    const int lo = size / 2, hi = (size - 1) / 2;
    const int tilesPerGroup = (groupChannels + LRN_TILE_C - 1) / LRN_TILE_C;
    const int g0 = (blockIdx.y / tilesPerGroup) * groupChannels;
    const int g1 = g0 + groupChannels;
    const int c0 = g0 + (blockIdx.y % tilesPerGroup) * LRN_TILE_C;
    const int c1 = min(c0 + LRN_TILE_C, g1);
    const int h0 = max(c0 - lo, g0), h1 = min(c1 + hi, g1);
    const int p = blockIdx.x * LRN_TILE_P + threadIdx.x;
    const long long base = (long long)blockIdx.z * channels * pixels;

    for (int c = h0 + (int)threadIdx.y; c < h1; c += blockDim.y)
    {
        float v = 0.f;
        if (p < pixels)
        {
            v = x[base + (long long)c * pixels + p] + (bias ? bias[c] : 0.f);
            v = v > 0.f ? v : 0.f;
        }
        sa[(c - h0) * LRN_TILE_P + threadIdx.x] = v;
    }
    __syncthreads();
    if (p >= pixels) return;
    for (int c = c0 + (int)threadIdx.y; c < c1; c += blockDim.y)
    {
        const int j0 = max(c - lo, g0), j1 = min(c + hi, g1 - 1);
        float sum = 0.f;
        for (int j = j0; j <= j1; ++j)
        {
            const float a = sa[(j - h0) * LRN_TILE_P + threadIdx.x];
            sum += a * a;
        }
        const float s = k + alphaOverN * sum;
        y[base + (long long)c * pixels + p] = sa[(c - h0) * LRN_TILE_P + threadIdx.x] * lrn_pow_neg(s, beta);
    }
}

// dx[i] = [a_i > 0] * (dy_i s_i^-beta - 2 beta alpha/n a_i sum_{j: i in window(j)} dy_j a_j s_j^(-beta-1))
// grid and block as the forward; dynamic shared memory: (LRN_TILE_C + 2 (size-1)) * 32 + 3 (LRN_TILE_C + size - 1) * 32 floats.
extern "C" __global__ void relu_lrn_backward(
    const float* __restrict__ x,     // [batch, channels, pixels] convolution output without bias (the forward's input)
    const float* __restrict__ bias,  // [channels] or null
    const float* __restrict__ dy,    // [batch, channels, pixels] gradient of the LRN output
    float* __restrict__ dx,          // [batch, channels, pixels] gradient of the convolution output; must not alias x or dy (blocks read neighbours' halo channels)
    int channels, int groupChannels, int pixels, int size, float alphaOverN, float beta, float k)
{
    extern __shared__ float smem[];
    const int lo = size / 2, hi = (size - 1) / 2;
    const int tilesPerGroup = (groupChannels + LRN_TILE_C - 1) / LRN_TILE_C;
    const int g0 = (blockIdx.y / tilesPerGroup) * groupChannels;
    const int g1 = g0 + groupChannels;
    const int c0 = g0 + (blockIdx.y % tilesPerGroup) * LRN_TILE_C;
    const int c1 = min(c0 + LRN_TILE_C, g1);
    // a is needed where any s_j of the t range needs it; t (and s, dy) where any output channel needs it.
    const int t0 = max(c0 - hi, g0), t1 = min(c1 + lo, g1);
    const int a0 = max(t0 - lo, g0), a1 = min(t1 + hi, g1);
    const int p = blockIdx.x * LRN_TILE_P + threadIdx.x;
    const long long base = (long long)blockIdx.z * channels * pixels;
    const int tx = threadIdx.x;

    float* sa = smem;                                           // a for [a0, a1)
    float* st = sa + (LRN_TILE_C + 2 * (size - 1)) * LRN_TILE_P; // dy_j a_j s_j^(-beta-1) for [t0, t1)
    float* sp = st + (LRN_TILE_C + size - 1) * LRN_TILE_P;       // s_j^-beta for [t0, t1)
    float* sd = sp + (LRN_TILE_C + size - 1) * LRN_TILE_P;       // dy_j for [t0, t1)

    for (int c = a0 + (int)threadIdx.y; c < a1; c += blockDim.y)
    {
        float v = 0.f;
        if (p < pixels)
        {
            v = x[base + (long long)c * pixels + p] + (bias ? bias[c] : 0.f);
            v = v > 0.f ? v : 0.f;
        }
        sa[(c - a0) * LRN_TILE_P + tx] = v;
    }
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
        const float s = k + alphaOverN * sum;
        const float pw = lrn_pow_neg(s, beta);
        const float g = p < pixels ? dy[base + (long long)c * pixels + p] : 0.f;
        sp[(c - t0) * LRN_TILE_P + tx] = pw;
        sd[(c - t0) * LRN_TILE_P + tx] = g;
        st[(c - t0) * LRN_TILE_P + tx] = g * sa[(c - a0) * LRN_TILE_P + tx] * pw / s;
    }
    __syncthreads();
    if (p >= pixels) return;
    const float coeff = 2.f * beta * alphaOverN;
    for (int c = c0 + (int)threadIdx.y; c < c1; c += blockDim.y)
    {
        const int j0 = max(c - hi, g0), j1 = min(c + lo, g1 - 1);
        float sum = 0.f;
        for (int j = j0; j <= j1; ++j) sum += st[(j - t0) * LRN_TILE_P + tx];
        const float a = sa[(c - a0) * LRN_TILE_P + tx];
        const float da = sd[(c - t0) * LRN_TILE_P + tx] * sp[(c - t0) * LRN_TILE_P + tx] - coeff * a * sum;
        dx[base + (long long)c * pixels + p] = a > 0.f ? da : 0.f;
    }
}
