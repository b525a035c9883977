using System;
using System.Collections.Generic;
using Sightline.Randomness;

namespace Sightline.Model
{
    /// <summary>
    /// A model: everything needed to classify with a network and nothing about how it was trained (llm.c's split of
    /// model file and training state): its spec, the flat parameters (NetworkSpec layout), the label of each output
    /// and the input normalisation. What a model file (.slmodel, TrainedModelFile), an ONNX file and a model asset
    /// hold; a checkpoint holds one next to its training state.
    /// </summary>
    public sealed class TrainedModel
    {
        readonly float[] _parameters;
        readonly string[] _labels;

        public TrainedModel(NetworkSpec spec, float[] parameters, IReadOnlyList<string>? labels, InputNormalization normalization)
        {
            Spec = spec ?? throw new ArgumentNullException(nameof(spec));
            if (parameters == null) throw new ArgumentNullException(nameof(parameters));
            if (parameters.Length != spec.ParameterCount)
                throw new ArgumentException($"the {spec} has {spec.ParameterCount} parameters, got {parameters.Length}", nameof(parameters));
            Normalization = normalization ?? throw new ArgumentNullException(nameof(normalization));
            if (normalization.IsMeanImage && normalization.MeanImageSize != spec.InputSize)
                throw new ArgumentException($"the mean image is {normalization.MeanImageSize}x{normalization.MeanImageSize} but the network's input is {spec.InputSize}x{spec.InputSize}", nameof(normalization));
            _parameters = parameters;
            _labels = new string[spec.Classes];
            for (int i = 0; i < spec.Classes; i++)
            {
                if (labels != null && labels.Count != spec.Classes)
                    throw new ArgumentException($"the network has {spec.Classes} classes, got {labels.Count} labels", nameof(labels));
                _labels[i] = labels?[i] ?? DefaultLabel(i);
                if (string.IsNullOrEmpty(_labels[i])) throw new ArgumentException($"label {i} is empty", nameof(labels));
            }
        }

        public NetworkSpec Spec { get; }
        /// <summary>The flat parameter buffer (not copied: treat as read-only).</summary>
        public float[] Parameters => _parameters;
        public IReadOnlyList<string> Labels => _labels;
        public InputNormalization Normalization { get; }

        /// <summary>
        /// For fine-tuning on other classes (e.g. an imported ImageNet AlexNet on a game's labels): the same network
        /// and weights with a new fc8 for <paramref name="labels"/>, its weights drawn with the spec's initialisation
        /// (He: N(0, sqrt(2 / 4096))) from <paramref name="seed"/> and its biases 0 (paper: fc8's bias is 0 too).
        /// </summary>
        public TrainedModel WithNewClasses(IReadOnlyList<string> labels, ulong seed)
        {
            if (labels == null) throw new ArgumentNullException(nameof(labels));
            var spec = Spec.WithClasses(labels.Count);
            var parameters = new float[spec.ParameterCount];
            var fc8 = spec["fc8"];
            // Every layer before fc8 has the same layout in both specs; fc8 is last in the flat buffer.
            Array.Copy(_parameters, parameters, fc8.WeightOffset);
            var random = new SeededRandom(seed);
            double std = ParameterInitializer.StdDev(fc8, spec.Init);
            for (int i = 0; i < fc8.WeightCount; i++) parameters[fc8.WeightOffset + i] = (float)(random.NextGaussian() * std);
            return new TrainedModel(spec, parameters, labels, Normalization);
        }

        /// <summary>Name of class <paramref name="index"/> when a model carries no labels.</summary>
        public static string DefaultLabel(int index) => "class" + index;
    }
}
