using System;

namespace Sightline.Imaging.Png
{
    /// <summary>
    /// PNG's five row filters (PNG specification, section 9) and the usual choice between them: per row, the filter
    /// whose output has the smallest sum of absolute values (as signed bytes), which deflate then compresses best.
    /// </summary>
    static class PngRowFilter
    {
        public const byte None = 0, Sub = 1, Up = 2, Average = 3, Paeth = 4;

        /// <summary>
        /// Writes filter byte + filtered row into <paramref name="output"/> (row.Length + 1 bytes). <paramref name="previous"/>
        /// is the unfiltered row above (all zero for the first row); <paramref name="bytesPerPixel"/> is the distance to
        /// the left neighbour's byte.
        /// </summary>
        public static void FilterBest(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel, Span<byte> output, Span<byte> scratch)
        {
            long bestCost = long.MaxValue;
            for (byte filter = None; filter <= Paeth; filter++)
            {
                Apply(filter, row, previous, bytesPerPixel, scratch);
                long cost = 0;
                foreach (byte v in scratch) cost += v < 128 ? v : 256 - v;
                if (cost < bestCost)
                {
                    bestCost = cost;
                    output[0] = filter;
                    scratch.CopyTo(output.Slice(1));
                }
            }
        }

        public static void Apply(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel, Span<byte> output)
        {
            for (int i = 0; i < row.Length; i++)
            {
                int left = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
                int up = previous[i];
                int upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
                int predicted;
                switch (filter)
                {
                    case Sub: predicted = left; break;
                    case Up: predicted = up; break;
                    case Average: predicted = (left + up) >> 1; break;
                    case Paeth: predicted = PaethPredictor(left, up, upLeft); break;
                    default: predicted = 0; break;
                }
                output[i] = (byte)(row[i] - predicted);
            }
        }

        static int PaethPredictor(int a, int b, int c)
        {
            int p = a + b - c;
            int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            if (pa <= pb && pa <= pc) return a;
            return pb <= pc ? b : c;
        }
    }
}
