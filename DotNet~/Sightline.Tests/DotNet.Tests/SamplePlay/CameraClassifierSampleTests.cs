using System.Collections.Generic;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Samples.CameraClassifier;
using Sightline.Samples.CameraClassifier.EditorTools;
using Sightline.Unity.Classification;
using Sightline.Unity.Engines;
using Sightline.UnityPlayer;
using UnityEngine;

namespace Sightline.Tests.SamplePlay
{
    /// <summary>
    /// Plays the Camera Classifier sample: its builder makes the scene, the classifier gets a model the harness trained
    /// on rendered views of that scene (CPU engine), Play, and the camera frames each shape as the sample's Shape Carousel shows it. Classified events
    /// must arrive on the main thread with the label of what the view shows.
    /// </summary>
    [TestFixture]
    [Category("SamplePlay")]
    public sealed class CameraClassifierSampleTests
    {
        [Test]
        public void ClassifiedEventsCarryTheLabelOfTheShapeInView()
        {
            var model = ShapeViewModel.Asset();
            using var player = new Player(new PlayerOptions { RealTime = true });
            player.Build(CameraClassifierSceneBuilder.Build);
            var classifier = player.FindComponent<SightlineClassifier>();
            classifier.SetModel(model, EngineChoice.Cpu);
            var results = new List<(int frame, ClassificationResult result)>();
            classifier.Classified += r => results.Add((Time.frameCount, r));
            player.Play();
            Assert.That(player.StepUntil(() => classifier.State == ClassifierState.Ready, 900), Is.True, $"the classifier never got ready: {classifier.State} {classifier.StatusMessage}");

            var camera = Camera.main;
            var carousel = player.FindComponent<ShapeCarousel>();
            foreach (var shape in new[] { "Cube", "Sphere", "Cylinder" })
            {
                // The sample's Shape Carousel shows one shape at a time: wait for it to show this one.
                Assert.That(player.StepUntil(() => carousel.Current != null && carousel.Current.name == shape, 900), Is.True,
                    $"the Shape Carousel never showed the {shape}");
                var centre = player.Find(shape).transform.position;
                camera.transform.position = centre + new Vector3(0.2f, 0.6f, -1.9f);
                camera.transform.LookAt(centre);
                var truth = ViewTruth.Label(player, camera.transform.position, camera.transform.rotation, camera.fieldOfView, 196, 110);
                Assert.That(truth, Is.EqualTo(shape.ToLowerInvariant()), "the pose must show the shape");
                // Results started before the move may still arrive: take one from a request made after it.
                int moved = Time.frameCount;
                Assert.That(player.StepUntil(() => results.Exists(r => r.frame > moved + classifier.EveryNFrames + 1), 900), Is.True,
                    $"no Classified event after framing the {shape}: {classifier.State} {classifier.StatusMessage}; {string.Join("; ", player.Errors)}");
                var latest = results[results.Count - 1].result;
                Assert.That(latest.Best.Label, Is.EqualTo(truth), $"framing the {shape}: top {string.Join(", ", latest.Top)}; model: {ShapeViewModel.Report}");
            }
            Assert.That(classifier.FramesClassified, Is.GreaterThanOrEqualTo(3));
            Assert.That(player.Errors, Is.Empty);
        }
    }
}
