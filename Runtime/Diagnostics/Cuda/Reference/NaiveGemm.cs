namespace Sightline.Cuda.Diagnostics.Reference
{
    /// <summary>The obvious triple loop in double precision, column-major like cuBLAS: the GEMM checks' oracle.</summary>
    public static class NaiveGemm
    {
        /// <summary>C[m×n] = alpha·op(A)·op(B) + beta·C; A is m×k (k×m stored when transposeA), B k×n (n×k when transposeB).</summary>
        public static void Run(bool transposeA, bool transposeB, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
            float beta, float[] c, int ldc)
        {
            for (int j = 0; j < n; j++)
                for (int i = 0; i < m; i++)
                {
                    double sum = 0;
                    for (int l = 0; l < k; l++)
                    {
                        double av = transposeA ? a[l + i * lda] : a[i + l * lda];
                        double bv = transposeB ? b[j + l * ldb] : b[l + j * ldb];
                        sum += av * bv;
                    }
                    c[i + j * ldc] = (float)(alpha * sum + beta * c[i + j * ldc]);
                }
        }
    }
}
