// Copies a [rows, cols] block between buffers with different row strides (floats): concatenating the two towers'
// halves where a layer reads both (conv3, fc6..fc8) and splitting gradients back, within one device.
extern "C" __global__ void copy_2d(float* __restrict__ dst, long long dstStride, const float* __restrict__ src, long long srcStride, int rows, long long cols)
{
    const long long total = (long long)rows * cols;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
    {
        const long long r = i / cols, c = i % cols;
        dst[r * dstStride + c] = src[r * srcStride + c];
    }
}

// dst += src over [rows, cols] blocks (gradient of a tower's input that two consumers read).
extern "C" __global__ void add_2d(float* __restrict__ dst, long long dstStride, const float* __restrict__ src, long long srcStride, int rows, long long cols)
{
    const long long total = (long long)rows * cols;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
    {
        const long long r = i / cols, c = i % cols;
        dst[r * dstStride + c] += src[r * srcStride + c];
    }
}
