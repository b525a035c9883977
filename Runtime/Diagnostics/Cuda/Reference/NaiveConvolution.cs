namespace Sightline.Cuda.Diagnostics.Reference
{
    /// <summary>
    /// Grouped 2-d cross-correlation, NCHW / OIHW, accumulated in double: the oracle for cuDNN's forward, backward
    /// data and backward filter. Shapes: x [N, C, H, W], w [K, C/G, R, S], y [N, K, P, Q].
    /// </summary>
    public sealed class NaiveConvolution
    {
        public NaiveConvolution(int n, int c, int h, int w, int k, int r, int s, int pad, int stride, int groups)
        {
            N = n; C = c; H = h; W = w; K = k; R = r; S = s; Pad = pad; Stride = stride; Groups = groups;
            P = (h + 2 * pad - r) / stride + 1;
            Q = (w + 2 * pad - s) / stride + 1;
        }

        public int N { get; }
        public int C { get; }
        public int H { get; }
        public int W { get; }
        public int K { get; }
        public int R { get; }
        public int S { get; }
        public int Pad { get; }
        public int Stride { get; }
        public int Groups { get; }
        public int P { get; }
        public int Q { get; }
        int Cg => C / Groups;
        int Kg => K / Groups;

        public int InputSize => N * C * H * W;
        public int FilterSize => K * Cg * R * S;
        public int OutputSize => N * K * P * Q;

        // y[n,k,p,q] = Σ_{c in group, r, s} x[n, g·Cg + c, p·stride − pad + r, q·stride − pad + s] · w[k, c, r, s]
        public float[] Forward(float[] x, float[] w)
        {
            var tap = new ForwardTap { X = x, W = w, Y = new double[OutputSize] };
            VisitTaps(ref tap);
            return ToFloat(tap.Y);
        }

        // dx[n, g·Cg + c, ih, iw] = Σ over every (k in group, p, q, r, s) that read it of dy[n,k,p,q] · w[k,c,r,s]
        public float[] BackwardData(float[] dy, float[] w)
        {
            var tap = new DataTap { Dy = dy, W = w, Dx = new double[InputSize] };
            VisitTaps(ref tap);
            return ToFloat(tap.Dx);
        }

        // dw[k,c,r,s] = Σ_{n,p,q} dy[n,k,p,q] · x[n, g·Cg + c, p·stride − pad + r, q·stride − pad + s]
        public float[] BackwardFilter(float[] x, float[] dy)
        {
            var tap = new FilterTap { X = x, Dy = dy, Dw = new double[FilterSize] };
            VisitTaps(ref tap);
            return ToFloat(tap.Dw);
        }

        /// <summary>One product of the convolution: input element, filter element, output element (flat indices).</summary>
        interface ITap
        {
            void Add(int x, int w, int y);
        }

        struct ForwardTap : ITap
        {
            public float[] X, W;
            public double[] Y;
            public void Add(int x, int w, int y) => Y[y] += (double)X[x] * W[w];
        }

        struct DataTap : ITap
        {
            public float[] Dy, W;
            public double[] Dx;
            public void Add(int x, int w, int y) => Dx[x] += (double)Dy[y] * W[w];
        }

        struct FilterTap : ITap
        {
            public float[] X, Dy;
            public double[] Dw;
            public void Add(int x, int w, int y) => Dw[w] += (double)Dy[y] * X[x];
        }

        /// <summary>
        /// Every (n, k, p, q, c, r, s) inside the padded input, in that order, handed to <paramref name="tap"/>; a struct
        /// type argument lets the JIT inline each direction's product. Forward, backward data and backward filter are
        /// the same sum read three ways.
        /// </summary>
        void VisitTaps<T>(ref T tap) where T : struct, ITap
        {
            for (int n = 0; n < N; n++)
                for (int k = 0; k < K; k++)
                {
                    int g = k / Kg;
                    for (int p = 0; p < P; p++)
                        for (int q = 0; q < Q; q++)
                        {
                            int y = ((n * K + k) * P + p) * Q + q;
                            for (int c = 0; c < Cg; c++)
                                for (int r = 0; r < R; r++)
                                {
                                    int ih = p * Stride - Pad + r;
                                    if (ih < 0 || ih >= H) continue;
                                    for (int s = 0; s < S; s++)
                                    {
                                        int iw = q * Stride - Pad + s;
                                        if (iw < 0 || iw >= W) continue;
                                        tap.Add(((n * C + g * Cg + c) * H + ih) * W + iw, ((k * Cg + c) * R + r) * S + s, y);
                                    }
                                }
                        }
                }
        }

        // db[k] = Σ_{n,p,q} dy[n,k,p,q]
        public float[] BackwardBias(float[] dy)
        {
            var db = new double[K];
            for (int n = 0; n < N; n++)
                for (int k = 0; k < K; k++)
                    for (int i = 0; i < P * Q; i++) db[k] += dy[(n * K + k) * P * Q + i];
            return ToFloat(db);
        }

        static float[] ToFloat(double[] values)
        {
            var result = new float[values.Length];
            for (int i = 0; i < values.Length; i++) result[i] = (float)values[i];
            return result;
        }
    }
}
