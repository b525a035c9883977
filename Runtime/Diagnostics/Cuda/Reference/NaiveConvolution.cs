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
            var y = new float[OutputSize];
            for (int n = 0; n < N; n++)
                for (int k = 0; k < K; k++)
                {
                    int g = k / Kg;
                    for (int p = 0; p < P; p++)
                        for (int q = 0; q < Q; q++)
                        {
                            double sum = 0;
                            for (int c = 0; c < Cg; c++)
                                for (int r = 0; r < R; r++)
                                {
                                    int ih = p * Stride - Pad + r;
                                    if (ih < 0 || ih >= H) continue;
                                    for (int s = 0; s < S; s++)
                                    {
                                        int iw = q * Stride - Pad + s;
                                        if (iw < 0 || iw >= W) continue;
                                        sum += (double)x[((n * C + g * Cg + c) * H + ih) * W + iw] * w[((k * Cg + c) * R + r) * S + s];
                                    }
                                }
                            y[((n * K + k) * P + p) * Q + q] = (float)sum;
                        }
                }
            return y;
        }

        // dx[n, g·Cg + c, ih, iw] = Σ over every (k in group, p, q, r, s) that read it of dy[n,k,p,q] · w[k,c,r,s]
        public float[] BackwardData(float[] dy, float[] w)
        {
            var dx = new double[InputSize];
            for (int n = 0; n < N; n++)
                for (int k = 0; k < K; k++)
                {
                    int g = k / Kg;
                    for (int p = 0; p < P; p++)
                        for (int q = 0; q < Q; q++)
                        {
                            double d = dy[((n * K + k) * P + p) * Q + q];
                            for (int c = 0; c < Cg; c++)
                                for (int r = 0; r < R; r++)
                                {
                                    int ih = p * Stride - Pad + r;
                                    if (ih < 0 || ih >= H) continue;
                                    for (int s = 0; s < S; s++)
                                    {
                                        int iw = q * Stride - Pad + s;
                                        if (iw < 0 || iw >= W) continue;
                                        dx[((n * C + g * Cg + c) * H + ih) * W + iw] += d * w[((k * Cg + c) * R + r) * S + s];
                                    }
                                }
                        }
                }
            return ToFloat(dx);
        }

        // dw[k,c,r,s] = Σ_{n,p,q} dy[n,k,p,q] · x[n, g·Cg + c, p·stride − pad + r, q·stride − pad + s]
        public float[] BackwardFilter(float[] x, float[] dy)
        {
            var dw = new double[FilterSize];
            for (int n = 0; n < N; n++)
                for (int k = 0; k < K; k++)
                {
                    int g = k / Kg;
                    for (int p = 0; p < P; p++)
                        for (int q = 0; q < Q; q++)
                        {
                            double d = dy[((n * K + k) * P + p) * Q + q];
                            for (int c = 0; c < Cg; c++)
                                for (int r = 0; r < R; r++)
                                {
                                    int ih = p * Stride - Pad + r;
                                    if (ih < 0 || ih >= H) continue;
                                    for (int s = 0; s < S; s++)
                                    {
                                        int iw = q * Stride - Pad + s;
                                        if (iw < 0 || iw >= W) continue;
                                        dw[((k * Cg + c) * R + r) * S + s] += d * x[((n * C + g * Cg + c) * H + ih) * W + iw];
                                    }
                                }
                        }
                }
            return ToFloat(dw);
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
