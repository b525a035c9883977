using System;
using System.IO;
using NUnit.Framework;
using Sightline.Model;
using Sightline.Training.Checkpoints;

namespace Sightline.Tests.Training
{
    /// <summary>Checkpoints keep explicit widths, so an imported (torchvision-layout) network can be fine-tuned and resumed.</summary>
    public class CheckpointWidthsTests
    {
        static NetworkSpec RoundTrip(NetworkSpec spec)
        {
            var path = Path.Combine(Path.GetTempPath(), "sightline-widths-" + Guid.NewGuid().ToString("N").Substring(0, 8) + CheckpointFile.Extension);
            try
            {
                CheckpointFile.Save(path, new Checkpoint(new TrainedModel(spec, new float[spec.ParameterCount], null, InputNormalization.None), new TrainingState()));
                return CheckpointFile.Load(path).Model.Spec;
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Test]
        public void ExplicitWidthsSurviveACheckpoint()
        {
            var spec = new NetworkSpec("imported", 5, 80, new[] { 8, 12, 16, 12, 8, 24, 20 }, 1, false, true);
            var back = RoundTrip(spec);
            Assert.That(back, Is.EqualTo(spec));
            Assert.That(back.LayerWidths, Is.EqualTo(new[] { 8, 12, 16, 12, 8, 24, 20 }));
        }

        [Test]
        public void WidthMultiplierSpecsStayWithoutExplicitWidths()
        {
            var back = RoundTrip(NetworkSpec.Mini(3));
            Assert.That(back, Is.EqualTo(NetworkSpec.Mini(3)));
            Assert.That(back.LayerWidths, Is.Null);
        }
    }
}
