using System;
using Sightline.Training.Checkpoints;

namespace Sightline.Classification
{
    /// <summary>The classifying part of a training checkpoint: spec, weights, labels, mean image.</summary>
    public static class CheckpointModel
    {
        /// <summary>
        /// A <see cref="TrainedModel"/> from <paramref name="checkpoint"/>. The checkpoint's mean image is at the stored
        /// size (256 for a 224 input) or at the input size; PAPER.md subtracts its centre crop at the input size.
        /// </summary>
        public static TrainedModel ToTrainedModel(Checkpoint checkpoint)
        {
            if (checkpoint == null) throw new ArgumentNullException(nameof(checkpoint));
            var spec = checkpoint.Spec;
            var labels = checkpoint.Labels.Length == spec.Classes ? checkpoint.Labels : null;
            return new TrainedModel(spec, checkpoint.Parameters, labels, Normalization(checkpoint.MeanImage, checkpoint.MeanImageSize, spec.InputSize));
        }

        static InputNormalization Normalization(float[] mean, int meanSize, int inputSize)
        {
            if (meanSize == 0 || mean.Length == 0) return InputNormalization.None;
            if (meanSize == inputSize) return InputNormalization.MeanImage(mean, inputSize);
            if (meanSize < inputSize)
                throw new ArgumentException($"the checkpoint's mean image is {meanSize}x{meanSize}, smaller than the network's {inputSize}x{inputSize} input");
            // Centre crop, as the test-time view takes the centre of the stored frame.
            int offset = (meanSize - inputSize) / 2;
            var crop = new float[3 * inputSize * inputSize];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < inputSize; y++)
                    Array.Copy(mean, (c * meanSize + y + offset) * meanSize + offset, crop, (c * inputSize + y) * inputSize, inputSize);
            return InputNormalization.MeanImage(crop, inputSize);
        }
    }
}
