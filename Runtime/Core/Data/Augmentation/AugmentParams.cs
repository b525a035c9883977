using System.Runtime.InteropServices;

namespace Sightline.Data
{
    /// <summary>
    /// Everything random about one training input, drawn on the CPU (<see cref="AugmentationSampler"/>) and applied by
    /// <see cref="AugmentApply.Apply"/> or by the CUDA kernel that mirrors it. Blittable, 24 bytes, sequential:
    /// int32 CropX, int32 CropY, int32 Flip (0 or 1), float32 DeltaR, DeltaG, DeltaB.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct AugmentParams
    {
        /// <summary>Left edge of the crop in the stored frame, 0 .. S - inputSize.</summary>
        public int CropX;
        /// <summary>Top edge of the crop in the stored frame, 0 .. S - inputSize.</summary>
        public int CropY;
        /// <summary>1: mirror horizontally (output column x reads crop column inputSize-1-x).</summary>
        public int Flip;
        /// <summary>PCA lighting offset added to every pixel's R, G, B, in 0..255 units.</summary>
        public float DeltaR;
        public float DeltaG;
        public float DeltaB;

        public AugmentParams(int cropX, int cropY, bool flip, float deltaR = 0f, float deltaG = 0f, float deltaB = 0f)
        {
            CropX = cropX;
            CropY = cropY;
            Flip = flip ? 1 : 0;
            DeltaR = deltaR;
            DeltaG = deltaG;
            DeltaB = deltaB;
        }

        public override string ToString() => $"crop ({CropX}, {CropY}){(Flip != 0 ? " flipped" : "")} light ({DeltaR:0.###}, {DeltaG:0.###}, {DeltaB:0.###})";
    }
}
