using System;

namespace Sightline.Data
{
    /// <summary>Eigen-decomposition of a symmetric 3x3 matrix by cyclic Jacobi rotations (exact to double rounding for 3x3).</summary>
    public static class SymmetricEigen3
    {
        /// <summary>
        /// <paramref name="matrix"/>: row-major 3x3, symmetric. Returns eigenvalues in descending order and eigenvectors
        /// as rows of <paramref name="vectors"/> (vector i = vectors[3i..3i+2]), unit length, each with its largest
        /// component positive so the result is deterministic.
        /// </summary>
        public static void Decompose(double[] matrix, out double[] values, out double[] vectors)
        {
            if (matrix == null || matrix.Length != 9) throw new ArgumentException("a 3x3 matrix has 9 elements", nameof(matrix));
            var a = (double[])matrix.Clone();
            var v = new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }; // columns are eigenvectors during the sweep
            for (int sweep = 0; sweep < 64; sweep++)
            {
                double off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
                double diag = a[0] * a[0] + a[4] * a[4] + a[8] * a[8];
                if (off <= 1e-30 * Math.Max(diag, 1e-300)) break;
                for (int p = 0; p < 2; p++)
                    for (int q = p + 1; q < 3; q++)
                        Rotate(a, v, p, q);
            }
            var order = new[] { 0, 1, 2 };
            Array.Sort(order, (i, j) => a[j * 4].CompareTo(a[i * 4]));
            values = new double[3];
            vectors = new double[9];
            for (int k = 0; k < 3; k++)
            {
                int col = order[k];
                values[k] = a[col * 4];
                double x = v[col], y = v[3 + col], z = v[6 + col];
                double n = Math.Sqrt(x * x + y * y + z * z);
                x /= n; y /= n; z /= n;
                double big = Math.Abs(x) >= Math.Abs(y) ? (Math.Abs(x) >= Math.Abs(z) ? x : z) : (Math.Abs(y) >= Math.Abs(z) ? y : z);
                if (big < 0) { x = -x; y = -y; z = -z; }
                vectors[k * 3] = x;
                vectors[k * 3 + 1] = y;
                vectors[k * 3 + 2] = z;
            }
        }

        // One Jacobi rotation zeroing a[p,q] (Numerical Recipes' formulation, stable for small angles).
        static void Rotate(double[] a, double[] v, int p, int q)
        {
            double apq = a[p * 3 + q];
            if (apq == 0) return;
            double app = a[p * 3 + p], aqq = a[q * 3 + q];
            double theta = (aqq - app) / (2 * apq);
            double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
            double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
            for (int k = 0; k < 3; k++)
            {
                double akp = a[k * 3 + p], akq = a[k * 3 + q];
                a[k * 3 + p] = c * akp - s * akq;
                a[k * 3 + q] = s * akp + c * akq;
            }
            for (int k = 0; k < 3; k++)
            {
                double apk = a[p * 3 + k], aqk = a[q * 3 + k];
                a[p * 3 + k] = c * apk - s * aqk;
                a[q * 3 + k] = s * apk + c * aqk;
            }
            for (int k = 0; k < 3; k++)
            {
                double vkp = v[k * 3 + p], vkq = v[k * 3 + q];
                v[k * 3 + p] = c * vkp - s * vkq;
                v[k * 3 + q] = s * vkp + c * vkq;
            }
        }
    }
}
