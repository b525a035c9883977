// Inverted dropout with the counter-based mask of Sightline.Engines.DropoutMask (Runtime/Core/Engines/DropoutMask.cs):
// the mask is a pure function of (seed, dropout layer, step, element), so the CPU and every GPU placement draw the
// same mask. Change both or neither. The element index is the index within the whole batch's activation
// (n * units + u), also when a tower computes only its half of the units (unitOffset).

// SplitMix64's finaliser.
__device__ __forceinline__ unsigned long long dropout_mix(unsigned long long x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// A uniform value in [0, 1) with 24 random bits; key = dropout_mix(seed ^ (dropoutIndex << 56)).
__device__ __forceinline__ float dropout_uniform(unsigned long long key, long long step, int index)
{
    const unsigned long long counter = ((unsigned long long)step << 32) | (unsigned int)index;
    return (float)(dropout_mix(key ^ dropout_mix(counter)) >> 40) * (1.f / 16777216.f);
}

// The fully connected layer's epilogue, in place on y [rows, ld] (this tower's units at columns 0..units-1):
//   y = bias + y; then ReLU when relu != 0; then, when dropProbability > 0, y = keep ? y / (1 - p) : 0.
// key: dropout_mix(seed ^ ((unsigned long long)dropoutIndex << 56)), computed on the host; stepCounter: the training step.
// Element index for the mask: n * totalUnits + unitOffset + u. grid-stride over rows * units.
extern "C" __global__ void fc_bias_relu_dropout_forward(
    float* __restrict__ y, const float* __restrict__ bias, int rows, int units, int ld, int relu,
    float dropProbability, unsigned long long key, const long long* __restrict__ stepCounter, int totalUnits, int unitOffset)
{
    const long long total = (long long)rows * units;
    const float scale = dropProbability > 0.f ? 1.f / (1.f - dropProbability) : 1.f;
    // The step comes from device memory so a captured CUDA graph replays with the current step (the host sets it
    // before each launch); it is read only when dropout is on.
    const long long step = dropProbability > 0.f ? *stepCounter : 0;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
    {
        const int u = (int)(i % units);
        const int n = (int)(i / units);
        float* at = y + (long long)n * ld + u;
        float v = *at + (bias ? bias[u] : 0.f);
        if (relu && !(v > 0.f)) v = 0.f;
        if (dropProbability > 0.f)
            v = dropout_uniform(key, step, n * totalUnits + unitOffset + u) >= dropProbability ? v * scale : 0.f;
        *at = v;
    }
}

// Stand-alone inverted dropout (tests and layers not fused with a fully connected layer): y = keep ? x / (1-p) : 0
// for element index i of the batch activation [count]. x and y may alias.
extern "C" __global__ void dropout_forward(const float* x, float* y, long long count, float dropProbability, unsigned long long key, long long step)
{
    const float scale = 1.f / (1.f - dropProbability);
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < count; i += (long long)gridDim.x * blockDim.x)
        y[i] = dropout_uniform(key, step, (int)i) >= dropProbability ? x[i] * scale : 0.f;
}

// Its backward: dx = keep ? dy / (1-p) : 0 (the same mask, recomputed). dy and dx may alias.
extern "C" __global__ void dropout_backward(const float* dy, float* dx, long long count, float dropProbability, unsigned long long key, long long step)
{
    const float scale = 1.f / (1.f - dropProbability);
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < count; i += (long long)gridDim.x * blockDim.x)
        dx[i] = dropout_uniform(key, step, (int)i) >= dropProbability ? dy[i] * scale : 0.f;
}
