namespace Sightline.Data
{
    /// <summary>How PCA lighting scales each principal component (Documentation~/network.md, "Data augmentation").</summary>
    public enum LightingMode
    {
        /// <summary>No colour noise.</summary>
        None = 0,
        /// <summary>The paper's formula: a_i * lambda_i (lambda on the [0, 1] pixel scale).</summary>
        Eigenvalue = 1,
        /// <summary>The authors' released code: a_i * sqrt(lambda_i).</summary>
        SqrtEigenvalue = 2,
    }
}
