// Utility kernels: fill, scale, axpy and bf16 conversion over flat fp32 buffers.
// No CUDA headers (NVRTC 11.8 compile-checks these on machines without a GPU); bf16 by bit operations.
// Every kernel is extern "C" so the driver finds it by this name; n is an element count.

typedef unsigned short sl_bf16;

__device__ __forceinline__ float sl_bf16_to_float(sl_bf16 v)
{
    return __uint_as_float(((unsigned int)v) << 16);
}

// Round to nearest even; NaN stays a (quiet) NaN.
__device__ __forceinline__ sl_bf16 sl_float_to_bf16(float f)
{
    unsigned int u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (sl_bf16)((u >> 16) | 0x40u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (sl_bf16)(u >> 16);
}

// y[i] = value
extern "C" __global__ void sl_fill_f32(float* __restrict__ y, float value, long long n)
{
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
        y[i] = value;
}

// y[i] = alpha * x[i]   (x may equal y)
extern "C" __global__ void sl_scale_f32(float* y, const float* x, float alpha, long long n)
{
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
        y[i] = alpha * x[i];
}

// y[i] += alpha * x[i]
extern "C" __global__ void sl_axpy_f32(float* __restrict__ y, const float* __restrict__ x, float alpha, long long n)
{
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
        y[i] += alpha * x[i];
}

// y[i] = bf16(x[i])
extern "C" __global__ void sl_f32_to_bf16(sl_bf16* __restrict__ y, const float* __restrict__ x, long long n)
{
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
        y[i] = sl_float_to_bf16(x[i]);
}

// y[i] = float(x[i])
extern "C" __global__ void sl_bf16_to_f32(float* __restrict__ y, const sl_bf16* __restrict__ x, long long n)
{
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
        y[i] = sl_bf16_to_float(x[i]);
}
