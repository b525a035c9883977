using System;
using System.Diagnostics;
using System.Threading;
using NUnit.Framework;
using Sightline.Samples.CameraClassifier.EditorTools;
using Sightline.Unity.Classification;
using Sightline.Unity.Engines;
using Sightline.UnityPlayer;
using UnityEngine;

namespace Sightline.Tests.SamplePlay
{
    /// <summary>
    /// Classifiers on one model and engine share one runner (one engine, one copy of the weights), which serves the
    /// frames of both and is disposed with its last user; each stage of a frame is marked for the Unity Profiler.
    /// </summary>
    [TestFixture]
    [Category("SamplePlay")]
    public sealed class SharedRunnerTests
    {
        [Test]
        public void TwoClassifiersOnOneModelHoldOneEngineUntilTheLastLetsGo()
        {
            using var player = new Player(new PlayerOptions { RealTime = true });
            player.Build(CameraClassifierSceneBuilder.Build);
            var first = player.FindComponent<SightlineClassifier>();
            var model = ComponentLoadTests.UntrainedModel();
            first.SetModel(model, EngineChoice.Cpu);
            var second = new GameObject("Second classifier").AddComponent<SightlineClassifier>();
            second.SetSource(first.SourceCamera!);
            second.SetModel(model, EngineChoice.Cpu);
            // A third on another engine choice gets its own runner.
            var other = new GameObject("Other engine").AddComponent<SightlineClassifier>();
            other.SetSource(first.SourceCamera!);
            other.SetModel(model, EngineChoice.Auto);
            int before = ClassifierRunners.Count;

            player.Play();
            Assert.That(player.StepUntil(() => first.State == ClassifierState.Ready && second.State == ClassifierState.Ready && other.State == ClassifierState.Ready, 1800), Is.True,
                $"{first.StatusMessage} / {second.StatusMessage} / {other.StatusMessage}");
            var runner = first.Runner!;
            Assert.That(second.Runner, Is.SameAs(runner), "one runner (one engine, one copy of the weights) for both");
            Assert.That(other.Runner, Is.Not.SameAs(runner));
            Assert.That(runner.Users, Is.EqualTo(2));
            Assert.That(ClassifierRunners.Count, Is.EqualTo(before + 2));
            Assert.That(second.StatusMessage, Does.Contain("shared by 2 classifiers"));

            Assert.That(player.StepUntil(() => first.FramesClassified >= 3 && second.FramesClassified >= 3, 1800), Is.True,
                $"classified {first.FramesClassified} and {second.FramesClassified}");
            // Every frame either component got came from the one runner, which classified nothing else but the warm-up
            // frame and at most one frame in flight per component.
            long delivered = first.FramesClassified + second.FramesClassified;
            Assert.That(runner.FramesClassified, Is.InRange(delivered, delivered + 3));
            Assert.That(runner.LargestBatch, Is.InRange(1, ClassifierRunners.MaxBatch));
            TestContext.WriteLine($"runner: {runner.FramesClassified} frames in {runner.BatchesRun} engine calls, largest batch {runner.LargestBatch}");

            foreach (var marker in new[] { ClassificationMarkers.ReadbackName, ClassificationMarkers.PreprocessName, ClassificationMarkers.InferenceName, ClassificationMarkers.DeliveryName })
                Assert.That(player.ProfilerSamples(marker), Is.GreaterThan(0), $"no {marker} samples");
            Assert.That(player.ProfilerUnbalanced, Is.EqualTo(0), "every marker ends on the thread that began it");

            first.enabled = false;
            player.Step();
            Assert.That(runner.Users, Is.EqualTo(1));
            Assert.That(runner.IsReleased, Is.False, "the second classifier still uses it");
            long served = second.FramesClassified;
            Assert.That(player.StepUntil(() => second.FramesClassified > served, 900), Is.True, "the remaining user goes on classifying");

            second.enabled = false;
            player.Step();
            var clock = Stopwatch.StartNew();
            while (!runner.IsReleased && clock.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(5);
            Assert.That(runner.IsReleased, Is.True, "disposed with its last user");
            Assert.That(ClassifierRunners.Count, Is.EqualTo(before + 1), "only the other engine's runner is left");
            other.enabled = false;
            player.Step();
            Assert.That(ClassifierRunners.Count, Is.EqualTo(before));
            Assert.That(player.Errors, Is.Empty);
        }
    }
}
