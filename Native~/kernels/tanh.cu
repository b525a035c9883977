// tanh, the saturating non-linearity of the paper's Figure 1 (NetworkSpec.Activation = Tanh), for layers without LRN.
// NCHW fp32; a fully connected activation [batch, units] is the case pixels = 1. Same grids as bias_relu.cu.

// In place: y = tanh(y + bias[c]) over y [batch, channels, pixels]. grid: (ceil(channels * pixels / 256), min(batch, 65535)); block 256.
extern "C" __global__ void bias_tanh_forward(float* __restrict__ y, const float* __restrict__ bias, int batch, int channels, int pixels)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= channels * pixels) return;
    const float b = bias[i / pixels];
    for (int n = blockIdx.y; n < batch; n += gridDim.y)
    {
        float* yn = y + (long long)n * channels * pixels;
        yn[i] = tanhf(yn[i] + b);
    }
}

// dx = dy * (1 - y^2), where y is the tanh output (the derivative needs only the output, as ReLU's does); dx may be
// dy (in place). Unlike relu_backward there is no dropout scale: a dropped unit's y = 0 would give slope 1, so
// dropout after tanh must be undone with its mask first.
extern "C" __global__ void tanh_backward(const float* __restrict__ y, const float* dy, float* dx, long long total)
{
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
    {
        const float v = y[i];
        dx[i] = dy[i] * (1.f - v * v);
    }
}
