using System;
using Sightline.Cpu;

namespace Sightline.Cli.Gpu
{
    /// <summary>
    /// Max-pool backward for the per-block check, routed through the GPU's own window choices. Two correct fp32
    /// engines differ by rounding (~1e-6 of the largest activation) before pooling, so on a near-tie they can pick
    /// different winners; one such pick sends a whole gradient value to a neighbouring pixel and, through LRN and the
    /// convolution, shows as a ~1e-2 error in the block's input and weight gradients (measured on the CPU: noise
    /// of 1e-6 of max |conv2 output| flips one window of batch 2 and gives input gradient 6e-2, weight gradient
    /// 3e-2). So the reference takes the GPU's choice, and the choice itself is checked separately: it must be a
    /// maximum of the reference's window up to <see cref="ChoiceTolerance"/> of the largest input.
    /// </summary>
    public static class PoolRouting
    {
        /// <summary>The least slack a choice gets below its window's maximum (relative to the largest pooling input).</summary>
        public const double TieTolerance = 1e-5;

        /// <summary>
        /// The most slack a choice ever gets, whatever the measured forward difference: 1e-2 of the largest input,
        /// three times the largest forward difference measured under approximate math (TF32 or Winograd, ~3e-3). A
        /// larger forward difference is a failure of the forward check itself, not a reason to accept any choice.
        /// </summary>
        public const double MaxChoiceTolerance = 1e-2;

        /// <summary>
        /// How far below the window's maximum a choice may be (relative to the largest pooling input). Each engine's
        /// pool input differs from the other's by at most the block's forward difference e (normalised the same way),
        /// so two values can swap order only if they are within 2e of each other: a choice that trails the reference's
        /// maximum by more than 2e is wrong. Allowed: 2.5e (a quarter for the normalisation's own rounding), at least
        /// <see cref="TieTolerance"/>, at most <see cref="MaxChoiceTolerance"/>. A choice that is not a maximum at all
        /// trails by the spread of the window's values, far more. NaN (no forward measurement) gives the least slack.
        /// </summary>
        public static double ChoiceTolerance(double forwardError) =>
            double.IsNaN(forwardError) ? TieTolerance : Math.Min(MaxChoiceTolerance, Math.Max(TieTolerance, 2.5 * forwardError));

        /// <summary>
        /// dInput (overwritten) = dOutput sent to the windows' chosen elements. Returns the worst shortfall of a chosen
        /// element below its window's maximum, relative to max |input| (0 when every choice is a true maximum), and
        /// counts the windows where the choice is not the reference's own first maximum.
        /// </summary>
        public static double Backward(in PoolGeometry g, int batch, ReadOnlySpan<float> input, ReadOnlySpan<byte> choices,
            ReadOnlySpan<float> dOutput, Span<float> dInput, out int differentChoices)
        {
            dInput.Slice(0, batch * g.InSize).Clear();
            double scale = 0;
            for (int i = 0; i < batch * g.InSize; i++) scale = Math.Max(scale, Math.Abs(input[i]));
            double worst = 0;
            differentChoices = 0;
            for (int plane = 0; plane < batch * g.Channels; plane++)
            for (int oy = 0; oy < g.OutHeight; oy++)
            for (int ox = 0; ox < g.OutWidth; ox++)
            {
                int o = (plane * g.OutHeight + oy) * g.OutWidth + ox;
                int start = (plane * g.Height + oy * g.Stride) * g.Width + ox * g.Stride;
                int first = start;
                for (int ky = 0; ky < g.Kernel; ky++)
                for (int kx = 0; kx < g.Kernel; kx++)
                {
                    int at = start + ky * g.Width + kx;
                    if (input[at] > input[first]) first = at;
                }
                int choice = choices[o];
                if (choice >= g.Kernel * g.Kernel) return double.NaN;
                int chosen = start + choice / g.Kernel * g.Width + choice % g.Kernel;
                if (chosen != first) differentChoices++;
                double shortfall = ((double)input[first] - input[chosen]) / (scale > 0 ? scale : 1);
                worst = Math.Max(worst, shortfall);
                dInput[chosen] += dOutput[o];
            }
            return worst;
        }
    }
}
