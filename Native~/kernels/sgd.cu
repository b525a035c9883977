// The paper's update over the flat parameter buffer (or a range of it):
//   v = momentum v - decay lr w - lr g;  w = w + v
// Weight decay applies to weights, not biases (Documentation~/network.md decision): a small segment table says which ranges decay.
// segEnd[s] is the exclusive end of segment s (ascending, segments contiguous from 0), segFlag[s] is 1 for weights,
// 0 for biases and 2 for ranges another device owns (skipped). grid-stride over [begin, end).
extern "C" __global__ void sgd_momentum_update(
    float* __restrict__ w, float* __restrict__ v, const float* __restrict__ g, long long begin, long long end,
    const long long* __restrict__ segEnd, const unsigned char* __restrict__ segFlag, int segments,
    float learningRate, float momentum, float weightDecay)
{
    for (long long i = begin + blockIdx.x * (long long)blockDim.x + threadIdx.x; i < end; i += (long long)gridDim.x * blockDim.x)
    {
        // First segment whose end lies past i (binary search: the table has a few dozen entries at most).
        int lo = 0, hi = segments - 1;
        while (lo < hi)
        {
            const int mid = (lo + hi) >> 1;
            if (segEnd[mid] > i) hi = mid; else lo = mid + 1;
        }
        const unsigned char flag = segFlag[lo];
        if (flag == 2) continue;
        const float decay = flag ? weightDecay : 0.f;
        const float wi = w[i];
        const float vi = momentum * v[i] - decay * learningRate * wi - learningRate * g[i];
        v[i] = vi;
        w[i] = wi + vi;
    }
}
