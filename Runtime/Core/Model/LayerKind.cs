namespace Sightline.Model
{
    /// <summary>The operations AlexNet is made of, in the order the spec lists them.</summary>
    public enum LayerKind
    {
        Convolution,
        Relu,
        LocalResponseNorm,
        MaxPool,
        FullyConnected,
        Dropout,
        /// <summary>tanh element by element, where <see cref="Activation.Tanh"/> replaces ReLU.</summary>
        Tanh,
    }
}
