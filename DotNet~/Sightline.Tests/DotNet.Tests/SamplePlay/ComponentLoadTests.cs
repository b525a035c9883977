using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Data;
using Sightline.Model;
using Sightline.Onnx;
using Sightline.Samples.CameraClassifier.EditorTools;
using Sightline.Samples.CaptureAndTrain.EditorTools;
using Sightline.Unity.Capture;
using Sightline.Unity.Classification;
using Sightline.Unity.Engines;
using Sightline.Unity.Models;
using Sightline.UnityPlayer;
using UnityEngine;

namespace Sightline.Tests.SamplePlay
{
    /// <summary>
    /// SightlineClassifier and FrameCapture inside a running player loop: a classifier slower than the game drops
    /// frames instead of queueing them, a capture writes while frames run, and disabling and re-enabling either
    /// mid-flight loses nothing and logs nothing.
    /// </summary>
    [TestFixture]
    [Category("SamplePlay")]
    public sealed class ComponentLoadTests
    {
        // Frames here run as fast as the machine allows (well under a millisecond of game work each), so the CPU engine
        // classifying a 96x96 view is many frames slower than the game.
        [Test]
        public void ASlowClassifierSkipsFramesAndNeverQueues()
        {
            using var player = new Player();
            var classifier = ClassifierScene(player);
            player.Play();
            // The model loads on a worker thread over wall-clock time, which these unthrottled frames hardly take: wait
            // by the clock (as a game's frames would), not by a frame count.
            var loading = Stopwatch.StartNew();
            while (classifier.State != ClassifierState.Ready && loading.Elapsed < TimeSpan.FromSeconds(60))
            {
                player.Step();
                Thread.Sleep(1);
            }
            Assert.That(classifier.State, Is.EqualTo(ClassifierState.Ready), $"not ready after {loading.Elapsed.TotalSeconds:0} s: {classifier.StatusMessage}");
            var frameTimes = new List<double>();
            var clock = new Stopwatch();
            int mostPending = 0;
            long classifiedBefore = classifier.FramesClassified;
            while (classifier.FramesClassified - classifiedBefore < 5 && frameTimes.Count < 200_000)
            {
                clock.Restart();
                player.Step();
                frameTimes.Add(clock.Elapsed.TotalMilliseconds);
                mostPending = Math.Max(mostPending, player.ReadbacksPending);
                if (frameTimes.Count % 50 == 0) Thread.Sleep(1);
            }
            Assert.That(classifier.FramesClassified - classifiedBefore, Is.GreaterThanOrEqualTo(5), "the classifier stopped delivering");
            Assert.That(classifier.FramesSkipped, Is.GreaterThan(0), "frames due while busy must be dropped");
            Assert.That(mostPending, Is.LessThanOrEqualTo(1), "one readback at a time: frames are not queued");
            frameTimes.Sort();
            double median = frameTimes[frameTimes.Count / 2];
            Assert.That(median, Is.LessThan(5.0), $"a frame waited for the network: median frame {median:0.00} ms over {frameTimes.Count} frames");
            Assert.That(player.Errors, Is.Empty);
        }

        [Test]
        public void DisablingAndReenablingTheClassifierMidFlightLosesNothing()
        {
            using var player = new Player(new PlayerOptions { RealTime = true });
            var classifier = ClassifierScene(player);
            var delivered = new List<int>();
            classifier.Classified += _ => delivered.Add(Time.frameCount);
            player.Play();
            Assert.That(player.StepUntil(() => classifier.State == ClassifierState.Ready, 900), Is.True, classifier.StatusMessage);
            for (int round = 0; round < 3; round++)
            {
                // Disable right after a classification starts (its readback in flight), and again while inferring.
                Assert.That(player.StepUntil(() => player.ReadbacksPending > 0, 100), Is.True, "no classification started");
                if (round == 1) player.Step(1);
                classifier.enabled = false;
                player.Step(5);
                Assert.That(classifier.State, Is.EqualTo(ClassifierState.Disabled));
                classifier.enabled = true;
                int enabledAt = Time.frameCount;
                Assert.That(player.StepUntil(() => classifier.State == ClassifierState.Ready && delivered.Exists(f => f > enabledAt), 900), Is.True,
                    $"no Classified event after re-enabling (round {round}): {classifier.State} {classifier.StatusMessage}");
            }
            Assert.That(player.Errors, Is.Empty);
        }

        [Test]
        public void FrameCaptureWritesWhileTheLoopRuns()
        {
            using var player = new Player(new PlayerOptions { RealTime = true });
            var capture = CaptureScene(player);
            var writtenAt = new List<int>();
            capture.FrameWritten += _ => writtenAt.Add(Time.frameCount);
            player.Play();
            capture.StartCapturing();
            player.Step(150);
            Assert.That(writtenAt.Count, Is.GreaterThanOrEqualTo(5), $"written {writtenAt.Count}; skipped {capture.ViewsSkipped} ({capture.LastSkipReason})");
            Assert.That(writtenAt.Distinct().Count(), Is.GreaterThanOrEqualTo(3), "frames are written as the game runs, not in one burst");
            Assert.That(writtenAt[0], Is.LessThan(75), "the first frame is written early in the run");
            Assert.That(capture.FramesDropped, Is.EqualTo(0));
            Assert.That(player.Errors, Is.Empty);
        }

        [Test]
        public void DisablingAndReenablingFrameCaptureMidFlightLosesNothing()
        {
            using var player = new Player(new PlayerOptions { RealTime = true });
            var capture = CaptureScene(player);
            int events = 0;
            capture.FrameWritten += _ => events++;
            player.Play();
            capture.StartCapturing();
            for (int round = 0; round < 3; round++)
            {
                Assert.That(player.StepUntil(() => player.ReadbacksPending > 0 && capture.FramesWritten > round, 300), Is.True,
                    $"round {round}: nothing captured ({capture.FramesWritten} written, {capture.ViewsSkipped} skipped: {capture.LastSkipReason}, ready {capture.IsReady}); console: {string.Join(" / ", player.Console)}");
                capture.enabled = false;
                player.Step(3);
                capture.enabled = true;
                Assert.That(capture.IsCapturing, Is.True, "capturing was on before disabling");
            }
            long before = capture.FramesWritten;
            Assert.That(player.StepUntil(() => capture.FramesWritten >= before + 3, 300), Is.True,
                $"capture did not go on after re-enabling: {capture.FramesWritten} written (was {before}), {capture.ViewsSkipped} skipped");
            capture.enabled = false;
            string root = capture.DatasetPath;
            // The writer closes on a worker thread: wait for the manifest and the files to agree.
            DatasetManifest manifest = null!;
            int pngs = 0;
            var deadline = Stopwatch.StartNew();
            do
            {
                Thread.Sleep(100);
                manifest = ManifestFile.Read(Path.Combine(root, "dataset.msgpack"));
                pngs = Directory.GetFiles(Path.Combine(root, "frames"), "*.png", SearchOption.AllDirectories).Length;
            } while ((manifest.Frames.Count != pngs || pngs < events) && deadline.Elapsed < TimeSpan.FromSeconds(20));
            Assert.That(manifest.Frames.Count, Is.EqualTo(pngs), "every frame file is in the manifest and every record has its file");
            Assert.That(manifest.Frames.Count, Is.GreaterThanOrEqualTo(events), "every frame reported written is on disk");
            Assert.That(manifest.Frames.Select(f => f.Path).Distinct().Count(), Is.EqualTo(manifest.Frames.Count), "no frame overwritten");
            Assert.That(player.Errors, Is.Empty);
        }

        static SightlineClassifier ClassifierScene(Player player)
        {
            player.Build(CameraClassifierSceneBuilder.Build);
            var classifier = player.FindComponent<SightlineClassifier>();
            classifier.SetModel(UntrainedModel(), EngineChoice.Cpu);
            return classifier;
        }

        static FrameCapture CaptureScene(Player player)
        {
            player.Build(CaptureAndTrainSceneBuilder.Build);
            // A pose that sees the shapes wherever the sample's builder puts its camera: these tests load the component.
            var camera = Camera.main;
            camera.transform.position = new Vector3(0f, 1.6f, -4.5f);
            camera.transform.LookAt(new Vector3(0f, 0.5f, 3f));
            var orbit = camera.GetComponent<Sightline.Samples.CaptureAndTrain.OrbitCamera>();
            if (orbit != null) orbit.enabled = false;
            var capture = player.FindComponent<FrameCapture>();
            // From this far pose each shape's bounds cover under the sample's 14 %: these tests load the component, so
            // they label by the component's default minimum instead of the sample's.
            capture.SetMinimumCoverage(0.05f);
            return capture;
        }

        // Speed, not accuracy, matters here: the mini network with random weights, as an ONNX asset.
        internal static SightlineModel UntrainedModel()
        {
            var spec = NetworkSpec.Mini(3);
            var rng = new Random(3);
            var parameters = new float[spec.ParameterCount];
            for (int i = 0; i < parameters.Length; i++) parameters[i] = (float)(rng.NextDouble() - 0.5) * 0.02f;
            var trained = new TrainedModel(spec, parameters, new[] { "cube", "sphere", "cylinder" }, InputNormalization.None);
            var model = ScriptableObject.CreateInstance<SightlineModel>();
            model.SetContent(OnnxExporter.ToBytes(trained), ModelFormat.Onnx, "untrained.onnx");
            return model;
        }
    }
}
