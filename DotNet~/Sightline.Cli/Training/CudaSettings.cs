using System;
using Sightline.Cuda.Engine;
using Sightline.Engines;

namespace Sightline.Cli.Training
{
    /// <summary>What the CLI sets on a CUDA engine besides its batch: tower placement, math mode and convolution layout.</summary>
    public sealed class CudaSettings
    {
        public Placement Placement { get; set; } = Placement.OneDevice(0);
        public CudaMathMode Math { get; set; } = CudaMathMode.Strict;
        public ConvolutionLayout Layout { get; set; } = ConvolutionLayout.Nchw;

        /// <summary>True when math or layout differ from the defaults (the CPU engine then notes it ignores them).</summary>
        public bool HasNonDefaultMathOrLayout => Math != CudaMathMode.Strict || Layout != ConvolutionLayout.Nchw;

        public CudaEngineOptions Options(int maxBatch) => new CudaEngineOptions { MaxBatch = maxBatch, Placement = Placement, MathMode = Math, ConvolutionLayout = Layout };

        /// <summary>`--math`: strict (IEEE fp32, the default) or tf32 (tensor cores for convolutions and fully connected layers).</summary>
        public static CudaMathMode ParseMath(string? text)
        {
            switch ((text ?? "strict").Trim().ToLowerInvariant())
            {
                case "strict": return CudaMathMode.Strict;
                case "tf32": return CudaMathMode.Tf32;
                default: throw new UserInputException($"--math '{text}' is not strict or tf32");
            }
        }

        /// <summary>`--conv-layout`: nchw (default), auto (per layer, the faster by measurement) or nhwc.</summary>
        public static ConvolutionLayout ParseLayout(string? text)
        {
            switch ((text ?? "nchw").Trim().ToLowerInvariant())
            {
                case "nchw": return ConvolutionLayout.Nchw;
                case "auto": return ConvolutionLayout.Auto;
                case "nhwc": return ConvolutionLayout.Nhwc;
                default: throw new UserInputException($"--conv-layout '{text}' is not nchw, auto or nhwc");
            }
        }

        public override string ToString() => $"{Placement}, {Math}, {Layout}";
    }
}
