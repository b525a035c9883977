// fp32 <-> bf16 by bit operations (no cuda_bf16.h: NVRTC compile-checks without CUDA headers).
// bf16 is the top half of an fp32; rounding is to nearest even, NaN stays a (quiet) NaN.

__device__ __forceinline__ unsigned short f32_to_bf16_bits(float f)
{
    const unsigned int u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (unsigned short)((u >> 16) | 0x0040u);
    const unsigned int rounding = 0x7fffu + ((u >> 16) & 1u);
    return (unsigned short)((u + rounding) >> 16);
}

extern "C" __global__ void f32_to_bf16(const float* __restrict__ x, unsigned short* __restrict__ y, long long count)
{
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < count; i += (long long)gridDim.x * blockDim.x)
        y[i] = f32_to_bf16_bits(x[i]);
}

extern "C" __global__ void bf16_to_f32(const unsigned short* __restrict__ x, float* __restrict__ y, long long count)
{
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < count; i += (long long)gridDim.x * blockDim.x)
        y[i] = __uint_as_float(((unsigned int)x[i]) << 16);
}
