using System;
using System.Collections.Generic;
using System.IO;
using NUnit.Framework;
using Sightline.Capture;
using Sightline.Unity.Capture;
using Sightline.UnityPlayer;
using UnityEngine;

namespace Sightline.Tests.SamplePlay
{
    /// <summary>
    /// A labelled object hidden behind another must not label the view: FrameCapture measures coverage from an
    /// object-ID pass, which the harness's rasteriser draws with the depth test, so only what is visible counts.
    /// The scene: a small labelled cube in front of a large labelled sphere that it mostly hides; by their bounds the
    /// sphere covers more of the view, by their pixels the cube does.
    /// </summary>
    [TestFixture]
    [Category("SamplePlay")]
    public sealed class OcclusionLabelTests
    {
        static FrameCapture Scene(Player player)
        {
            FrameCapture? capture = null;
            player.Build(() =>
            {
                var light = new GameObject("Light").AddComponent<Light>();
                light.type = LightType.Directional;
                light.transform.rotation = Quaternion.Euler(50f, -30f, 0f);
                var cube = GameObject.CreatePrimitive(PrimitiveType.Cube);
                cube.name = "Cube";
                cube.transform.position = new Vector3(0f, 0f, 3f);
                cube.AddComponent<SightlineLabel>().SetLabel("cube");
                var sphere = GameObject.CreatePrimitive(PrimitiveType.Sphere);
                sphere.name = "Sphere";
                sphere.transform.position = new Vector3(0f, 0f, 8f);
                sphere.transform.localScale = new Vector3(3.2f, 3.2f, 3.2f);
                sphere.AddComponent<SightlineLabel>().SetLabel("sphere");
                var camera = new GameObject("Camera").AddComponent<Camera>();
                camera.fieldOfView = 60f;
                capture = camera.gameObject.AddComponent<FrameCapture>();
                capture.SetDatasetFolder(Path.Combine(player.ProjectFolder, "Captures"));
                capture.SetMinimumCoverage(0.01f);
            });
            return capture!;
        }

        static string CaptureOneLabel(Player player, FrameCapture capture)
        {
            var written = new List<string>();
            capture.FrameWritten += record => written.Add(record.Label);
            Assert.That(player.StepUntil(() => capture.IsReady, 300), Is.True, "the dataset writer did not open");
            capture.CaptureNow();
            Assert.That(player.StepUntil(() => written.Count > 0, 300), Is.True, $"nothing written; skipped {capture.ViewsSkipped}: {capture.LastSkipReason}; console: {string.Join(" / ", player.Console)}");
            Assert.That(player.Errors, Is.Empty);
            return written[0];
        }

        [Test]
        public void AViewWhereTheLabelledObjectIsBehindAnOccluderIsLabelledByTheVisibleObject()
        {
            using var player = new Player(new PlayerOptions { RealTime = true });
            var capture = Scene(player);
            player.Play();

            // The scene is the case in question: by pixels (the rasteriser's depth test) the cube shows more, by
            // bounds the sphere covers more.
            var camera = capture.GetComponent<Camera>();
            player.RenderView(camera.transform.position, camera.transform.rotation, camera.fieldOfView, 160, 90, out var truth);
            Assert.That(truth["Cube"], Is.GreaterThan(2 * truth["Sphere"]), $"cube {truth["Cube"]:0.000}, sphere {truth["Sphere"]:0.000} of the view");
            var bounds = new List<KeyValuePair<string, ViewRect>>();
            foreach (var name in new[] { "Cube", "Sphere" })
            {
                var label = player.Find(name).GetComponent<SightlineLabel>();
                Assert.That(label.TryGetViewRect(camera, out var rect), Is.True);
                bounds.Add(new KeyValuePair<string, ViewRect>(label.Label, rect));
            }
            Assert.That(new ViewLabelRule { MinimumCoverage = 0.01 }.Choose(ViewCoverage.FromBounds(bounds)).Label, Is.EqualTo("sphere"), "the bounds rule picks the hidden sphere here");

            Assert.That(capture.LabelMethod, Is.EqualTo("pixels"));
            Assert.That(CaptureOneLabel(player, capture), Is.EqualTo("cube"));
        }

        [Test]
        public void TheShaderDeclaresTheNameAndPropertyThePassUses()
        {
            string shader = File.ReadAllText(Path.Combine(RepositoryFolder.Root(), "Runtime", "Unity", "Shaders", "Resources", "SightlineObjectId.shader"));
            Assert.That(shader, Does.Contain($"Shader \"{ObjectIdPass.ShaderName}\""));
            Assert.That(shader, Does.Contain($"{ObjectIdPass.IdProperty} (\"Object id\", Integer) = 0"));
            Assert.That(shader, Does.Contain($"int {ObjectIdPass.IdProperty};"));
            Assert.That(shader, Does.Contain("int frag() : SV_Target"), "an integer target takes an integer output");
        }

        [Test]
        public void WithLabelsFromBoundsTheHiddenObjectWinsWhichIsWhyPixelsAreTheDefault()
        {
            using var player = new Player(new PlayerOptions { RealTime = true });
            var capture = Scene(player);
            capture.SetLabelsFromPixels(false);
            player.Play();
            Assert.That(capture.LabelMethod, Does.StartWith("bounds"));
            Assert.That(CaptureOneLabel(player, capture), Is.EqualTo("sphere"));
        }
    }
}
