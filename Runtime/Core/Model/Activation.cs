namespace Sightline.Model
{
    /// <summary>
    /// The non-linearity after every hidden layer. ReLU is the paper's (section 3.1); tanh is the saturating unit the paper
    /// compares it with (Figure 1), kept as a switch so that comparison can be rerun (`sightline experiment relu-vs-tanh`).
    /// </summary>
    public enum Activation
    {
        /// <summary>max(x, 0): the paper's.</summary>
        Relu = 0,
        /// <summary>tanh(x): the saturating unit of the paper's Figure 1.</summary>
        Tanh = 1,
    }
}
