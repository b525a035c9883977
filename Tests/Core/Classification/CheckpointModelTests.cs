using NUnit.Framework;
using Sightline.Classification;
using Sightline.Model;
using Sightline.Training.Checkpoints;

namespace Sightline.Tests.Core.Classification
{
    public class CheckpointModelTests
    {
        [Test]
        public void StoredSizeMeanImageIsCentreCroppedToTheInput()
        {
            var spec = NetworkSpec.Mini(3); // 96 input, 110 stored
            int stored = spec.StoredSize;
            var mean = new float[3 * stored * stored];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < stored; y++)
                    for (int x = 0; x < stored; x++) mean[(y * stored + x) * 3 + c] = c * 100000 + y * 1000 + x; // HWC, as FrameCache.MeanImage
            var checkpoint = new Checkpoint(spec, new float[spec.ParameterCount])
            {
                Labels = new[] { "a", "b", "c" }, MeanImage = mean, MeanImageSize = stored, InputScale = 0.025f,
            };
            var model = CheckpointModel.ToTrainedModel(checkpoint);
            int off = (stored - 96) / 2;
            Assert.That(model.Normalization.MeanImageSize, Is.EqualTo(96));
            Assert.That(model.Normalization.Mean[0], Is.EqualTo(off * 1000 + off));
            Assert.That(model.Normalization.Mean[2 * 96 * 96 + 95 * 96 + 95], Is.EqualTo(200000 + (off + 95) * 1000 + off + 95));
            Assert.That(model.Labels, Is.EqualTo(new[] { "a", "b", "c" }));
            // Training multiplied by the input scale; inference divides by its reciprocal.
            Assert.That(model.Normalization.Std[1], Is.EqualTo(40f).Within(1e-4f));
        }

        [Test]
        public void CheckpointWithoutMeanOrLabelsGetsDefaults()
        {
            var spec = NetworkSpec.Mini(2);
            var model = CheckpointModel.ToTrainedModel(new Checkpoint(spec, new float[spec.ParameterCount]));
            Assert.That(model.Normalization.IsMeanImage, Is.False);
            Assert.That(model.Labels, Is.EqualTo(new[] { "class0", "class1" }));
        }
    }
}
