using System.Runtime.InteropServices;

namespace Sightline.Cuda.Dnn
{
    /// <summary>
    /// cudnnConvolutionFwdAlgoPerf_t / BwdDataAlgoPerf_t / BwdFilterAlgoPerf_t (one layout for all three in cuDNN 8 and 9):
    /// algo, status, time (ms), memory (size_t), determinism, mathType, int reserved[3] — 48 bytes on 64-bit.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ConvolutionAlgoPerf
    {
        public int Algo;
        public int Status;
        public float Time;
        public nuint Memory;
        public int Determinism;
        public int MathType;
        public int Reserved0;
        public int Reserved1;
        public int Reserved2;

        public bool Succeeded => Status == 0;
        public bool IsDeterministic => Determinism == 1;

        public override string ToString() =>
            $"algo {Algo}: {(Succeeded ? Time.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + " ms" : "status " + Status)}, {(ulong)Memory} bytes, math {(DnnMathType)MathType}";
    }
}
