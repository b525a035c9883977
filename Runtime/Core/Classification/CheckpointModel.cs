using System;
using Sightline.Data;
using Sightline.Training.Checkpoints;

namespace Sightline.Classification
{
    /// <summary>The classifying part of a training checkpoint: spec, weights, labels, mean image.</summary>
    public static class CheckpointModel
    {
        /// <summary>
        /// A <see cref="TrainedModel"/> from <paramref name="checkpoint"/>. The checkpoint's mean image is at the stored
        /// size (256 for a 224 input) or at the input size; Documentation~/network.md subtracts its centre crop at the input size.
        /// </summary>
        public static TrainedModel ToTrainedModel(Checkpoint checkpoint)
        {
            if (checkpoint == null) throw new ArgumentNullException(nameof(checkpoint));
            var spec = checkpoint.Spec;
            var labels = checkpoint.Labels.Length == spec.Classes ? checkpoint.Labels : null;
            return new TrainedModel(spec, checkpoint.Parameters, labels, Normalization(checkpoint.MeanImage, checkpoint.MeanImageSize, spec.InputSize, checkpoint.InputScale));
        }

        static InputNormalization Normalization(float[] mean, int meanSize, int inputSize, float inputScale)
        {
            // Training multiplies (pixel - mean) by the checkpoint's input scale: the same as dividing by std = 1/scale.
            float[]? std = inputScale == 1f ? null : new[] { 1f / inputScale, 1f / inputScale, 1f / inputScale };
            if (meanSize == 0 || mean.Length == 0) return new InputNormalization(new[] { 0f, 0f, 0f }, 0, std);
            if (meanSize < inputSize)
                throw new ArgumentException($"the checkpoint's mean image is {meanSize}x{meanSize}, smaller than the network's {inputSize}x{inputSize} input");
            // The checkpoint's mean is HWC at the stored size (FrameCache.MeanImage); the network subtracts its centre
            // crop at the input size as CHW, exactly what training subtracted (AugmentApply.MeanCrop).
            return new InputNormalization(AugmentApply.MeanCrop(mean, meanSize, inputSize), inputSize, std);
        }
    }
}
