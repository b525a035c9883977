using System;
using System.Collections;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Imaging;
using Sightline.Model;
using Sightline.Onnx;
using Sightline.Unity.Classification;
using Sightline.Unity.Engines;
using Sightline.Unity.Models;
using UnityEngine;
using UnityEngine.TestTools;

namespace Sightline.Tests.Unity
{
    /// <summary>SightlineClassifier in Play Mode (Unity Test Runner), on the CPU engine with a small random network.</summary>
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

        static IEnumerator WaitFor(Func<bool> done, int frames)
        {
            for (int i = 0; i < frames && !done(); i++) yield return null;
        }

        [Test]
        public void WithoutAModelItFailsAndSaysSo()
        {
            LogAssert.Expect(LogType.Error, new Regex("no model"));
            var classifier = _scene.Camera.gameObject.AddComponent<SightlineClassifier>();
            Assert.That(classifier.State, Is.EqualTo(ClassifierState.Failed));
            Assert.That(classifier.StatusMessage, Does.Contain("no model"));
        }

        [UnityTest]
        public IEnumerator ItLoadsOffTheMainThreadAndClassifiesTheCameraView()
        {
            Assume.That(SystemInfo.supportsAsyncGPUReadback, Is.True, "this graphics device has no AsyncGPUReadback");
            var classifier = AddClassifier();
            ClassificationResult? raised = null;
            classifier.Classified += result => raised = result;
            yield return WaitFor(() => classifier.State != ClassifierState.Loading, 1200);
            Assert.That(classifier.State, Is.EqualTo(ClassifierState.Ready), classifier.StatusMessage);
            classifier.ClassifyNow();
            yield return WaitFor(() => raised != null, 1200);
            Assert.That(raised, Is.Not.Null, classifier.StatusMessage);
            Assert.That(raised!.Top.Count, Is.GreaterThan(0));
            Assert.That(classifier.LatestResult, Is.SameAs(raised));
        }

        // The readback lands a frame or two later; the component is gone by then and must not be touched.
        [UnityTest]
        public IEnumerator DestroyingTheComponentWithAReadbackInFlightIsQuiet()
        {
            Assume.That(SystemInfo.supportsAsyncGPUReadback, Is.True, "this graphics device has no AsyncGPUReadback");
            var classifier = AddClassifier();
            yield return WaitFor(() => classifier.State != ClassifierState.Loading, 1200);
            classifier.ClassifyNow();
            yield return null; // the readback starts in this frame's Update
            UnityEngine.Object.Destroy(classifier);
            yield return WaitFor(() => false, 10);
            Assert.That(classifier == null, Is.True);
        }
    }
}
