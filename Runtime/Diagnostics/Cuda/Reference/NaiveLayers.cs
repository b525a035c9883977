using System;

namespace Sightline.Cuda.Diagnostics.Reference
{
    /// <summary>Naive NCHW LRN, max pooling and softmax in double: the oracles of the cuDNN checks.</summary>
    public static class NaiveLayers
    {
        // Documentation~/network.md: b[c] = a[c] / (k + alpha·Σ_{j=max(0,c−size/2)}^{min(C−1,c+size/2)} a[j]²)^beta
        public static float[] LrnForward(float[] x, int n, int c, int h, int w, int size, double alpha, double beta, double k)
        {
            var y = new float[x.Length];
            int hw = h * w;
            for (int b = 0; b < n; b++)
                for (int ch = 0; ch < c; ch++)
                    for (int i = 0; i < hw; i++)
                    {
                        double s = k + alpha * WindowSumOfSquares(x, b, ch, i, c, hw, size);
                        y[(b * c + ch) * hw + i] = (float)(x[(b * c + ch) * hw + i] * Math.Pow(s, -beta));
                    }
            return y;
        }

        // dx[j] = dy[j]·s[j]^−β − 2αβ·x[j]·Σ_{i: j in window(i)} dy[i]·x[i]·s[i]^(−β−1)
        public static float[] LrnBackward(float[] x, float[] dy, int n, int c, int h, int w, int size, double alpha, double beta, double k)
        {
            int hw = h * w;
            var scale = new double[x.Length];
            for (int b = 0; b < n; b++)
                for (int ch = 0; ch < c; ch++)
                    for (int i = 0; i < hw; i++)
                        scale[(b * c + ch) * hw + i] = k + alpha * WindowSumOfSquares(x, b, ch, i, c, hw, size);
            var dx = new float[x.Length];
            int half = size / 2;
            for (int b = 0; b < n; b++)
                for (int j = 0; j < c; j++)
                    for (int i = 0; i < hw; i++)
                    {
                        int at = (b * c + j) * hw + i;
                        double sum = 0;
                        for (int o = Math.Max(0, j - half); o <= Math.Min(c - 1, j + half); o++)
                        {
                            int ot = (b * c + o) * hw + i;
                            sum += dy[ot] * x[ot] * Math.Pow(scale[ot], -beta - 1);
                        }
                        dx[at] = (float)(dy[at] * Math.Pow(scale[at], -beta) - 2 * alpha * beta * x[at] * sum);
                    }
            return dx;
        }

        static double WindowSumOfSquares(float[] x, int b, int ch, int i, int c, int hw, int size)
        {
            int half = size / 2;
            double sum = 0;
            for (int j = Math.Max(0, ch - half); j <= Math.Min(c - 1, ch + half); j++)
            {
                double v = x[(b * c + j) * hw + i];
                sum += v * v;
            }
            return sum;
        }

        /// <summary>Max pooling without padding; y [n, c, oh, ow]; argmax receives each output's input index.</summary>
        public static float[] MaxPoolForward(float[] x, int n, int c, int h, int w, int window, int stride, out int oh, out int ow, out int[] argmax)
        {
            oh = (h - window) / stride + 1;
            ow = (w - window) / stride + 1;
            var y = new float[n * c * oh * ow];
            argmax = new int[y.Length];
            for (int plane = 0; plane < n * c; plane++)
                for (int p = 0; p < oh; p++)
                    for (int q = 0; q < ow; q++)
                    {
                        float best = float.NegativeInfinity;
                        int bestAt = -1;
                        for (int r = 0; r < window; r++)
                            for (int s = 0; s < window; s++)
                            {
                                int at = (plane * h + p * stride + r) * w + q * stride + s;
                                if (x[at] > best) { best = x[at]; bestAt = at; }
                            }
                        int o = (plane * oh + p) * ow + q;
                        y[o] = best;
                        argmax[o] = bestAt;
                    }
            return y;
        }

        /// <summary>dx[argmax[o]] += dy[o].</summary>
        public static float[] MaxPoolBackward(float[] dy, int[] argmax, int inputLength)
        {
            var dx = new float[inputLength];
            for (int o = 0; o < dy.Length; o++) dx[argmax[o]] += dy[o];
            return dx;
        }

        /// <summary>Softmax over each row of [rows, cols].</summary>
        public static float[] Softmax(float[] x, int rows, int cols)
        {
            var y = new float[x.Length];
            for (int r = 0; r < rows; r++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < cols; j++) max = Math.Max(max, x[r * cols + j]);
                double sum = 0;
                for (int j = 0; j < cols; j++) sum += Math.Exp(x[r * cols + j] - max);
                for (int j = 0; j < cols; j++) y[r * cols + j] = (float)(Math.Exp(x[r * cols + j] - max) / sum);
            }
            return y;
        }

        /// <summary>Largest |a − b| over two equally long arrays.</summary>
        public static double MaxAbsDifference(float[] a, float[] b)
        {
            if (a.Length != b.Length) throw new ArgumentException($"lengths differ: {a.Length} vs {b.Length}");
            double max = 0;
            for (int i = 0; i < a.Length; i++)
            {
                double d = Math.Abs((double)a[i] - b[i]);
                if (double.IsNaN(d)) return double.PositiveInfinity;
                if (d > max) max = d;
            }
            return max;
        }

        /// <summary>Deterministic uniform values in [-1, 1) (xorshift), so a failing check can be replayed.</summary>
        public static float[] Random(int length, uint seed)
        {
            var values = new float[length];
            uint state = seed == 0 ? 0x9e3779b9u : seed;
            for (int i = 0; i < length; i++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                values[i] = (state >> 8) * (2.0f / 16777216.0f) - 1.0f;
            }
            return values;
        }
    }
}
