// GPU-side input: stored uint8 frames and their augmentation become the network's float input in one pass, the same
// numbers as the CPU's AugmentApply.Apply then InputPreprocessor's scale (Runtime/Core/Data/Augmentation):
//   frames: uint8 [N, S, S, 3] (HWC, R G B)   mean: float [3, I, I] (centre crop, not flipped)   out: float [N, 3, I, I]
//   sx = cropX + (flip ? I-1-x : x), sy = cropY + y
//   out = ((float)frame[sy, sx, c] - mean[c, y, x]) + delta[c], then * scale when scale != 1
// Each operation is rounded separately (_rn intrinsics) so NVRTC cannot fuse them into an FMA: bit-equal to the CPU.

// The 24-byte AugmentParams of the data pipeline (int CropX, CropY, Flip; float DeltaR, DeltaG, DeltaB).
struct augment_params { int cropX, cropY, flip; float delta[3]; };

extern "C" __global__ void augment_frames(
    const unsigned char* __restrict__ frames,    // [N, S, S, 3]
    const augment_params* __restrict__ params,   // [N]
    const float* __restrict__ meanCrop,          // [3, I, I]
    float* __restrict__ out,                     // [N, 3, I, I]
    int batch, int stored, int input, float scale)
{
    const long long plane = (long long)input * input, perImage = 3 * plane, total = (long long)batch * perImage;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
    {
        const long long b = i / perImage, r = i % perImage;
        const int c = (int)(r / plane), p = (int)(r % plane), y = p / input, x = p % input;
        const augment_params q = params[b];
        const int sx = q.cropX + (q.flip != 0 ? input - 1 - x : x), sy = q.cropY + y;
        const float pixel = (float)frames[((b * stored + sy) * stored + sx) * 3 + c];
        float v = __fadd_rn(__fsub_rn(pixel, meanCrop[r]), q.delta[c]);
        if (scale != 1.0f) v = __fmul_rn(v, scale);
        out[i] = v;
    }
}
