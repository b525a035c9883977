using System;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Imaging;
using Sightline.Model;
using Sightline.Onnx;
using Sightline.Unity.Classification;
using Sightline.Unity.Engines;
using Sightline.Unity.Models;
using UnityEngine;

namespace Sightline.Tests.Unity
{
    /// <summary>
    /// SightlineClassifier in Play Mode (Unity Test Runner), on the CPU engine with a small random network. These
    /// run within one frame (the compile-as-unity check has no Test Framework package, so no [UnityTest]).
    /// </summary>
    public class SightlineClassifierPlayModeTests
    {
        ComponentScene _scene = null!;
        SightlineModel? _model;

        [SetUp]
        public void Build() => _scene = new ComponentScene();

        [TearDown]
        public void TearDown()
        {
            _scene.Destroy();
            if (_model != null) UnityEngine.Object.Destroy(_model);
        }

        SightlineModel Model()
        {
            var spec = NetworkSpec.Mini(3);
            var parameters = new float[spec.ParameterCount];
            var random = new System.Random(11);
            for (int i = 0; i < parameters.Length; i++) parameters[i] = (float)(random.NextDouble() - 0.5) * 0.02f;
            var trained = new TrainedModel(spec, parameters, new[] { "cube", "sphere", "cylinder" }, InputNormalization.None);
            _model = ScriptableObject.CreateInstance<SightlineModel>();
            _model.SetContent(OnnxExporter.ToBytes(trained), ModelFormat.Onnx, "random mini.onnx");
            return _model;
        }

        SightlineClassifier AddClassifier()
        {
            // Inactive while set up, so the component loads once, with the model.
            var camera = _scene.Camera.gameObject;
            camera.SetActive(false);
            var classifier = camera.AddComponent<SightlineClassifier>();
            classifier.SetSource(_scene.Camera);
            classifier.SetModel(Model(), EngineChoice.Cpu);
            camera.SetActive(true);
            return classifier;
        }

        [Test]
        public void TwoClassifiersOnOneModelAndEngineShareOneRunner()
        {
            int before = ClassifierRunners.Count;
            var first = AddClassifier();
            var holder = new GameObject("Second classifier");
            holder.SetActive(false);
            var second = holder.AddComponent<SightlineClassifier>();
            second.SetSource(_scene.Camera);
            second.SetModel(_model!, EngineChoice.Cpu);
            try
            {
                holder.SetActive(true);
                Assert.That(ClassifierRunners.Count, Is.EqualTo(before + 1), "one runner (one engine, one copy of the weights) for both");
                first.enabled = false;
                Assert.That(ClassifierRunners.Count, Is.EqualTo(before + 1), "the second still uses it");
                second.enabled = false;
                Assert.That(ClassifierRunners.Count, Is.EqualTo(before), "released with its last user");
            }
            finally
            {
                UnityEngine.Object.Destroy(holder);
            }
        }

        [Test]
        public void TheOverlayTakesTheClassifierOnItsObjectAndChecksTopK()
        {
            var classifier = AddClassifier();
            var overlay = classifier.gameObject.AddComponent<Sightline.Unity.Overlay.SightlineOverlay>();
            Assert.That(overlay.Classifier, Is.EqualTo(classifier));
            Assert.That(() => overlay.SetTopK(11), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("1 to 10"));
            overlay.SetAnchor(Sightline.Unity.Overlay.OverlayAnchor.LowerRight);
            Assert.That(overlay.Anchor, Is.EqualTo(Sightline.Unity.Overlay.OverlayAnchor.LowerRight));
        }

        [Test]
        public void EnablingStartsLoadingOffTheMainThread()
        {
            var classifier = AddClassifier();
            Assert.That(classifier.State, Is.EqualTo(ClassifierState.Loading), classifier.StatusMessage);
            Assert.That(classifier.StatusMessage, Does.Contain("loading"));
            Assert.That(classifier.Engine, Is.EqualTo(EngineChoice.Cpu));
            Assert.That(classifier.SourceCamera, Is.EqualTo(_scene.Camera));
        }

        [Test]
        public void DisablingStopsItAndATextureSourceReplacesTheCamera()
        {
            var classifier = AddClassifier();
            classifier.enabled = false;
            Assert.That(classifier.State, Is.EqualTo(ClassifierState.Disabled));
            var texture = new RenderTexture(64, 64, 0);
            try
            {
                classifier.SetSource(texture);
                Assert.That(classifier.SourceCamera, Is.Null);
                Assert.That(classifier.SourceTexture, Is.EqualTo(texture));
            }
            finally
            {
                UnityEngine.Object.Destroy(texture);
            }
        }
    }
}
