// Kernels for `sightline check gpu`: results a host can predict exactly, and a slow writer for ordering tests.
// No CUDA headers (see utility.cu).

// out[i] = i * 2 + 1 as float: exact in fp32 for i < 2^23, so any wrong index or lost block shows.
extern "C" __global__ void sl_selftest_iota(float* __restrict__ out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = (float)(i * 2 + 1);
}

// Spins about `spins` iterations per thread, then writes value into every element. Run on one stream and read
// by another stream that waits on an event: without the wait, the reader would see the old contents.
extern "C" __global__ void sl_selftest_slow_write(float* __restrict__ out, float value, int n, int spins)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    float acc = 0.0f;
    for (int s = 0; s < spins; s++) acc = acc * 0.999f + 1.0f;
    // acc is never negative, so this always writes value; the dependency keeps the loop from being removed.
    if (i < n) out[i] = acc >= 0.0f ? value : -value;
}

// dst[i] = src[i] + 1
extern "C" __global__ void sl_selftest_add_one(float* __restrict__ dst, const float* __restrict__ src, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) dst[i] = src[i] + 1.0f;
}
