using System;
using System.Collections.Generic;
using Sightline.Model;

namespace Sightline.Classification
{
    /// <summary>
    /// Everything needed to classify with a network: its spec, the flat parameters (NetworkSpec layout), the label of
    /// each output and the input normalisation. What an ONNX file carries and what a checkpoint exports.
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

        /// <summary>Name of class <paramref name="index"/> when a model carries no labels.</summary>
        public static string DefaultLabel(int index) => "class" + index;
    }
}
