using System;
using NUnit.Framework;
using Sightline.Cpu;

namespace Sightline.Tests.Cpu
{
    /// <summary>
    /// PackA and PackB (one pack job for both since the duplicate-code merge) against the packed layout Gemm documents:
    /// A panel i holds op(A)(i MR + r, p) at [i K MR + p MR + r], B panel j holds op(B)(p, j NR + c) at
    /// [j K NR + p NR + c], zeros past the edge. Full and partial panels, both transposes, a leading dimension wider
    /// than the matrix, for every kernel this machine can run (MR and NR differ between them).
    /// </summary>
    public class GemmPackTests
    {
        [TearDown]
        public void SelectWidest() => GemmKernel.Select(true);

        [TestCase(false, false)]
        [TestCase(false, true)]
        [TestCase(true, false)]
        [TestCase(true, true)]
        public void PanelsHoldTheDocumentedLayoutWithZeroPadding(bool packA, bool trans)
        {
            foreach (bool avx512 in new[] { false, true })
            {
                GemmKernel.Select(avx512);
                int width = packA ? Gemm.MR : Gemm.NR;
                foreach (int count in new[] { 1, width - 1, width, 2 * width, 2 * width + 3 })
                {
                    if (count < 1) continue;
                    const int k = 7;
                    var (packed, expected) = Pack(packA, trans, count, k, width);
                    string what = $"{(packA ? "A" : "B")} trans={trans} {Gemm.KernelName} count={count}";
                    for (int i = 0; i < expected.Length; i++)
                        if (BitConverter.SingleToInt32Bits(packed[i]) != BitConverter.SingleToInt32Bits(expected[i]))
                            Assert.Fail($"{what}: packed[{i}] is {packed[i]:R}, the layout wants {expected[i]:R}");
                }
            }
        }

        // Packs a count x k op(A) or k x count op(B) whose element (row or column c, depth p) is 1000 c + p + 1, so a
        // zero can only come from padding; the buffer starts as NaN so padding that is not written shows.
        static unsafe (float[] Packed, float[] Expected) Pack(bool packA, bool trans, int count, int k, int width)
        {
            bool countAlongRows = packA != trans; // A as stored, or B transposed: one row of the source per c
            int rows = countAlongRows ? count : k, cols = countAlongRows ? k : count, ld = cols + 2;
            var source = new float[rows * ld];
            Array.Fill(source, -7f); // the gap between ld and the matrix's width is not zero, so reading it shows
            for (int c = 0; c < count; c++)
                for (int p = 0; p < k; p++)
                    source[countAlongRows ? c * ld + p : p * ld + c] = 1000f * c + p + 1;
            long size = packA ? Gemm.PackedASize(count, k) : Gemm.PackedBSize(k, count);
            var packed = new float[size];
            Array.Fill(packed, float.NaN);
            var expected = new float[size];
            for (int c = 0; c < size / k; c++)
                for (int p = 0; p < k; p++)
                    expected[c / width * k * width + p * width + c % width] = c < count ? 1000f * c + p + 1 : 0f;
            using var context = new CpuContext(2);
            fixed (float* s = source)
            fixed (float* d = packed)
            {
                if (packA) Gemm.PackA(context, trans, count, k, s, ld, d);
                else Gemm.PackB(context, trans, k, count, s, ld, d);
            }
            return (packed, expected);
        }
    }
}
