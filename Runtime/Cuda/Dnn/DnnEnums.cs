namespace Sightline.Cuda.Dnn
{
    /// <summary>cudnnDataType_t values used here.</summary>
    public enum DnnDataType
    {
        Float = 0,
        Double = 1,
        Half = 2,
        BFloat16 = 9,
    }

    /// <summary>cudnnTensorFormat_t.</summary>
    public enum DnnTensorFormat
    {
        Nchw = 0,
        Nhwc = 1,
    }

    /// <summary>cudnnMathType_t: whether convolutions may use tensor cores (TF32 for fp32 data).</summary>
    public enum DnnMathType
    {
        Default = 0,
        TensorOp = 1,
        TensorOpAllowConversion = 2,
        /// <summary>CUDNN_FMA_MATH: strict fp32, no TF32.</summary>
        Fma = 3,
    }

    /// <summary>cudnnPoolingMode_t.</summary>
    public enum DnnPoolingMode
    {
        Max = 0,
        AverageIncludePadding = 1,
        AverageExcludePadding = 2,
        MaxDeterministic = 3,
    }

    /// <summary>cudnnActivationMode_t.</summary>
    public enum DnnActivationMode
    {
        Sigmoid = 0,
        Relu = 1,
        Tanh = 2,
        ClippedRelu = 3,
        Elu = 4,
        Identity = 5,
    }

    /// <summary>cudnnSoftmaxAlgorithm_t.</summary>
    public enum DnnSoftmaxAlgorithm
    {
        Fast = 0,
        Accurate = 1,
        Log = 2,
    }

    /// <summary>cudnnSoftmaxMode_t: Instance = over C·H·W per image, Channel = over C per pixel.</summary>
    public enum DnnSoftmaxMode
    {
        Instance = 0,
        Channel = 1,
    }
}
