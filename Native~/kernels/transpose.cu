// Batched matrix transpose, fp32: dst[b][c][r] = src[b][r][c] for src [batch, rows, cols].
// What a convolution run in NHWC needs around an otherwise NCHW network (per-layer layout choice, Documentation~/gpu.md):
//   activations NCHW -> NHWC: batch = n, rows = C, cols = H*W (and back: rows = H*W, cols = C);
//   filters KCRS -> KRSC:     batch = K, rows = C/groups, cols = R*S (and back).
// 32x32 tiles through shared memory, padded by one column so the transposed reads hit distinct banks: both the
// global reads and the global writes are coalesced. No CUDA headers (NVRTC compile-check without a GPU).

#define TRANSPOSE_TILE 32

// grid: (ceil(cols / 32), ceil(rows / 32), min(batch, 65535)); block (32, 8).
extern "C" __global__ void transpose_batched(const float* __restrict__ src, float* __restrict__ dst, int batch, int rows, int cols)
{
    __shared__ float tile[TRANSPOSE_TILE][TRANSPOSE_TILE + 1];
    const int c0 = blockIdx.x * TRANSPOSE_TILE, r0 = blockIdx.y * TRANSPOSE_TILE;
    const long long matrix = (long long)rows * cols;
    for (int b = blockIdx.z; b < batch; b += gridDim.z)
    {
        const float* s = src + b * matrix;
        float* d = dst + b * matrix;
        for (int i = threadIdx.y; i < TRANSPOSE_TILE; i += blockDim.y)
        {
            const int r = r0 + i, c = c0 + threadIdx.x;
            if (r < rows && c < cols) tile[i][threadIdx.x] = s[(long long)r * cols + c];
        }
        __syncthreads();
        for (int i = threadIdx.y; i < TRANSPOSE_TILE; i += blockDim.y)
        {
            const int c = c0 + i, r = r0 + threadIdx.x;
            if (r < rows && c < cols) d[(long long)c * rows + r] = tile[threadIdx.x][i];
        }
        __syncthreads(); // the next matrix reuses the tile
    }
}
