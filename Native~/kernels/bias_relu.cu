// Bias, ReLU and bias gradients for layers without LRN (conv3..conv5, and the fully connected layers' backward).
// NCHW fp32; a fully connected activation [batch, units] is the case pixels = 1.

// In place: y = max(y + bias[c], 0) over y [batch, channels, pixels]. Indices within an image are 32-bit (64-bit
// division is a software routine on the GPU). grid: (ceil(channels * pixels / 256), min(batch, 65535)); block 256.
extern "C" __global__ void bias_relu_forward(float* __restrict__ y, const float* __restrict__ bias, int batch, int channels, int pixels)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= channels * pixels) return;
    const float b = bias[i / pixels];
    for (int n = blockIdx.y; n < batch; n += gridDim.y)
    {
        float* yn = y + (long long)n * channels * pixels;
        const float v = yn[i] + b;
        yn[i] = v > 0.f ? v : 0.f;
    }
}

// In place: y = y + bias[c] (no ReLU). Grid as bias_relu_forward.
extern "C" __global__ void bias_forward(float* __restrict__ y, const float* __restrict__ bias, int batch, int channels, int pixels)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= channels * pixels) return;
    const float b = bias[i / pixels];
    for (int n = blockIdx.y; n < batch; n += gridDim.y) y[(long long)n * channels * pixels + i] += b;
}

// dx = y > 0 ? dy * scale : 0, where y is the layer's (ReLU, then dropout) output; dx may be dy (in place).
// scale is 1 for plain ReLU and 1/(1-p) after inverted dropout: a dropped unit has y = 0, so y > 0 is exactly
// "kept and positive" and no mask needs storing.
extern "C" __global__ void relu_backward(const float* __restrict__ y, const float* dy, float* dx, float scale, long long total)
{
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
        dx[i] = y[i] > 0.f ? dy[i] * scale : 0.f;
}

// Bias gradient of an NCHW layer, first pass: partial[chunk, c] = sum over images n in chunk, pixels of dy.
// grid (channels, chunks); block 256 (a power of two). Fixed order: deterministic.
extern "C" __global__ void bias_grad_partial(const float* __restrict__ dy, float* __restrict__ partial, int batch, int channels, int pixels, int imagesPerChunk)
{
    __shared__ float red[256];
    const int c = blockIdx.x;
    const int n0 = blockIdx.y * imagesPerChunk;
    const int n1 = min(n0 + imagesPerChunk, batch);
    float sum = 0.f;
    for (int n = n0; n < n1; ++n)
    {
        const float* row = dy + ((long long)n * channels + c) * pixels;
        for (int p = threadIdx.x; p < pixels; p += blockDim.x) sum += row[p];
    }
    red[threadIdx.x] = sum;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1)
    {
        if ((int)threadIdx.x < s) red[threadIdx.x] += red[threadIdx.x + s];
        __syncthreads();
    }
    if (threadIdx.x == 0) partial[(long long)blockIdx.y * channels + c] = red[0];
}

// Second pass: grad[c] = sum over chunks of partial[chunk, c]. One thread per channel.
extern "C" __global__ void bias_grad_finish(const float* __restrict__ partial, float* __restrict__ grad, int channels, int chunks)
{
    const int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= channels) return;
    float sum = 0.f;
    for (int k = 0; k < chunks; ++k) sum += partial[(long long)k * channels + c];
    grad[c] = sum;
}

// Bias gradient of a fully connected layer: grad[u] = sum over rows n of dy[n * ld + u]. One thread per unit.
extern "C" __global__ void bias_grad_rows(const float* __restrict__ dy, float* __restrict__ grad, int rows, int units, int ld)
{
    const int u = blockIdx.x * blockDim.x + threadIdx.x;
    if (u >= units) return;
    float sum = 0.f;
    for (int n = 0; n < rows; ++n) sum += dy[(long long)n * ld + u];
    grad[u] = sum;
}
