// Max pooling (kernel x kernel, stride, no padding; floor output size as NetworkSpec computes it), NCHW fp32.
// The forward records which window element won (row-major index within the window, first maximum wins on
// ties, as the CPU engine and PyTorch do) so the backward gathers without re-reading the input. The backward
// runs one thread per input element and sums the (at most ceil(k/s)^2) windows that chose it: no atomics, so
// results are deterministic.

// grid-stride over planes * outH * outW outputs.
extern "C" __global__ void max_pool_forward(
    const float* __restrict__ x,          // [planes, inH, inW]   (planes = batch * channels)
    float* __restrict__ y,                // [planes, outH, outW]
    unsigned char* __restrict__ argmax,   // [planes, outH, outW] index within the window (kernel <= 15); null at inference
    int planes, int inH, int inW, int outH, int outW, int kernel, int stride)
{
    const long long total = (long long)planes * outH * outW;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
    {
        const int ox = (int)(i % outW);
        const int oy = (int)((i / outW) % outH);
        const long long plane = i / ((long long)outW * outH);
        const float* src = x + plane * inH * inW + (long long)(oy * stride) * inW + ox * stride;
        float best = src[0];
        int at = 0;
        for (int ky = 0; ky < kernel; ++ky)
            for (int kx = 0; kx < kernel; ++kx)
            {
                const float v = src[ky * inW + kx];
                if (v > best) { best = v; at = ky * kernel + kx; }
            }
        y[i] = best;
        if (argmax) argmax[i] = (unsigned char)at;
    }
}

// grid-stride over planes * inH * inW inputs; dx is overwritten.
extern "C" __global__ void max_pool_backward(
    const float* __restrict__ dy,               // [planes, outH, outW]
    const unsigned char* __restrict__ argmax,   // [planes, outH, outW] from the forward
    float* __restrict__ dx,                     // [planes, inH, inW]
    int planes, int inH, int inW, int outH, int outW, int kernel, int stride)
{
    const long long total = (long long)planes * inH * inW;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
    {
        const int ix = (int)(i % inW);
        const int iy = (int)((i / inW) % inH);
        const long long plane = i / ((long long)inW * inH);
        // Windows oy with oy*stride <= iy < oy*stride + kernel.
        const int oy0 = iy >= kernel ? (iy - kernel) / stride + 1 : 0;
        const int oy1 = min(iy / stride, outH - 1);
        const int ox0 = ix >= kernel ? (ix - kernel) / stride + 1 : 0;
        const int ox1 = min(ix / stride, outW - 1);
        const long long o = plane * outH * outW;
        float sum = 0.f;
        for (int oy = oy0; oy <= oy1; ++oy)
            for (int ox = ox0; ox <= ox1; ++ox)
            {
                const long long j = o + (long long)oy * outW + ox;
                if (argmax[j] == (unsigned char)((iy - oy * stride) * kernel + (ix - ox * stride))) sum += dy[j];
            }
        dx[i] = sum;
    }
}
