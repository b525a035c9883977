using System;

namespace Sightline.Cpu
{
    /// <summary>
    /// Which instruction set the CPU GEMM's micro-kernel uses. The widest the CPU runs is chosen at start-up; the
    /// environment variable <see cref="Variable"/> (avx512, avx2 or portable) forces a narrower one, so a machine with
    /// AVX-512 also runs and checks the AVX2 and portable (Vector&lt;T&gt; or scalar) kernels. Every choice gives the
    /// same bits under .NET (each C element is the same chain of fused multiply-adds).
    /// </summary>
    public enum GemmIsa
    {
        /// <summary>AVX-512F, 12x32 register block.</summary>
        Avx512,
        /// <summary>AVX2 with FMA, 6x16.</summary>
        Avx2,
        /// <summary>No intrinsics: Vector&lt;float&gt; (or scalar) code, 6x16.</summary>
        Portable,
    }

    /// <summary>Reads <see cref="GemmIsa"/> from its environment variable.</summary>
    public static class GemmIsaSetting
    {
        public const string Variable = "SIGHTLINE_CPU_ISA";

        /// <summary>
        /// The choice <paramref name="text"/> asks for ("avx512", "avx2", "portable"; empty: <paramref name="widest"/>).
        /// Returns <paramref name="widest"/> and sets <paramref name="problem"/> (naming the variable, the value and the
        /// reason) when the text is unknown or asks for an instruction set this CPU lacks.
        /// </summary>
        public static GemmIsa Parse(string? text, GemmIsa widest, out string? problem)
        {
            problem = null;
            if (string.IsNullOrWhiteSpace(text)) return widest;
            GemmIsa asked;
            switch (text!.Trim().ToLowerInvariant())
            {
                case "avx512": asked = GemmIsa.Avx512; break;
                case "avx2": asked = GemmIsa.Avx2; break;
                case "portable": asked = GemmIsa.Portable; break;
                default:
                    problem = $"{Variable}={text} is not one of avx512, avx2, portable";
                    return widest;
            }
            if (asked < widest)
            {
                problem = $"{Variable}={text}: this CPU (or runtime) does not run the {asked} kernel; the widest here is {widest.ToString().ToLowerInvariant()}";
                return widest;
            }
            return asked;
        }
    }
}
