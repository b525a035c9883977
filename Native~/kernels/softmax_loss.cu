// Softmax cross-entropy of the mean over the batch, and its gradient.
// One block per sample (blockDim a power of two, at most 1024): loss[n] = log(sum exp(z - max)) - (z[label] - max),
// dlogits[n, j] = (softmax_j - [j == label]) * invBatch. The host sums loss[] (batch values) for the mean.
extern "C" __global__ void softmax_cross_entropy(
    const float* __restrict__ logits, const int* __restrict__ labels, float* __restrict__ dlogits, float* __restrict__ loss,
    int classes, float invBatch)
{
    __shared__ float red[1024];
    const int n = blockIdx.x;
    const float* z = logits + (long long)n * classes;
    float m = -3.402823466e38f;
    for (int j = threadIdx.x; j < classes; j += blockDim.x) m = z[j] > m ? z[j] : m;
    red[threadIdx.x] = m;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1)
    {
        if ((int)threadIdx.x < s && red[threadIdx.x + s] > red[threadIdx.x]) red[threadIdx.x] = red[threadIdx.x + s];
        __syncthreads();
    }
    m = red[0];
    __syncthreads();
    float sum = 0.f;
    for (int j = threadIdx.x; j < classes; j += blockDim.x) sum += expf(z[j] - m);
    red[threadIdx.x] = sum;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1)
    {
        if ((int)threadIdx.x < s) red[threadIdx.x] += red[threadIdx.x + s];
        __syncthreads();
    }
    sum = red[0];
    const int label = labels[n];
    const float inv = 1.f / sum;
    if (dlogits)
        for (int j = threadIdx.x; j < classes; j += blockDim.x)
            dlogits[(long long)n * classes + j] = (expf(z[j] - m) * inv - (j == label ? 1.f : 0.f)) * invBatch;
    if (threadIdx.x == 0) loss[n] = logf(sum) - (z[label] - m);
}
