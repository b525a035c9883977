using System.Linq;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Samples.CameraClassifier.EditorTools;
using Sightline.Unity.Classification;
using Sightline.Unity.Engines;
using Sightline.Unity.Overlay;
using Sightline.UnityPlayer;

namespace Sightline.Tests.SamplePlay
{
    /// <summary>The package's overlay: where its panel goes, what it says, and that it follows its classifier while playing.</summary>
    [TestFixture]
    [Category("SamplePlay")]
    public sealed class OverlayTests
    {
        [TestCase(OverlayAnchor.UpperLeft, 10f, 10f)]
        [TestCase(OverlayAnchor.UpperRight, 1280f - 10f - 260f, 10f)]
        [TestCase(OverlayAnchor.LowerLeft, 10f, 720f - 10f - 100f)]
        [TestCase(OverlayAnchor.LowerRight, 1280f - 10f - 260f, 720f - 10f - 100f)]
        public void ThePanelSitsInItsCorner(OverlayAnchor anchor, float x, float y)
        {
            Assert.That(OverlayLayout.Panel(anchor, 1280f, 720f, 260f, 100f, 10f), Is.EqualTo((x, y)));
        }

        [Test]
        public void APanelLargerThanTheScreenStaysOnIt()
        {
            Assert.That(OverlayLayout.Panel(OverlayAnchor.LowerRight, 200f, 100f, 260f, 150f, 10f), Is.EqualTo((0f, 0f)));
        }

        [Test]
        public void LinesShowTheTopLabelsWithPercentagesAndBars()
        {
            var result = new ClassificationResult(new[] { new LabelScore(1, "sphere", 0.8734f), new LabelScore(0, "cube", 0.1f), new LabelScore(2, "cylinder", 0.0266f) }, 1);
            var lines = OverlayLayout.Lines(result, 2);
            Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[] { "sphere  87.3%", "cube  10.0%" }));
            Assert.That(lines.Select(l => l.Bar), Is.EqualTo(new[] { 0.8734f, 0.1f }));
            Assert.That(OverlayLayout.Lines(result, 10), Has.Count.EqualTo(3), "no more lines than the result has");
            Assert.That(OverlayLayout.Lines(null, 3), Is.Empty);
        }

        [Test]
        public void TheOverlayShowsItsClassifiersLatestResult()
        {
            using var player = new Player(new PlayerOptions { RealTime = true });
            player.Build(CameraClassifierSceneBuilder.Build);
            var classifier = player.FindComponent<SightlineClassifier>();
            classifier.SetModel(ComponentLoadTests.UntrainedModel(), EngineChoice.Cpu);
            var overlay = classifier.gameObject.AddComponent<SightlineOverlay>();
            Assert.That(() => overlay.SetTopK(0), Throws.TypeOf<System.ArgumentOutOfRangeException>().With.Message.Contains("1 to 10"));
            overlay.SetTopK(2);
            player.Play();
            Assert.That(overlay.Classifier, Is.SameAs(classifier), "an empty field takes the classifier on the same object");
            Assert.That(player.StepUntil(() => classifier.FramesClassified >= 2, 1800), Is.True, classifier.StatusMessage);
            Assert.That(overlay.Shown, Is.SameAs(classifier.LatestResult));
            Assert.That(OverlayLayout.Lines(overlay.Shown, overlay.TopK), Has.Count.EqualTo(2));
            Assert.That(player.Errors, Is.Empty);
        }
    }
}
