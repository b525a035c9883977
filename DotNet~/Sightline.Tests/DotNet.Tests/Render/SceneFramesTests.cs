using System;
using System.Linq;
using NUnit.Framework;
using Sightline.Render;
using Sightline.Render.Raster;
using Sightline.Render.Scenes;

namespace Sightline.Tests.Render
{
    public class SceneFramesTests
    {
        [Test]
        public void FramesDoNotDependOnTheThreadCount()
        {
            var one = new SceneFrames(ShapeNames.First(5), 48, 7) { Threads = 1, Supersample = 1 };
            var two = new SceneFrames(ShapeNames.First(5), 48, 7) { Threads = 2, Supersample = 1 };
            var a = one.Render(10, 12).ToList();
            var b = two.Render(10, 12).ToList();
            for (int i = 0; i < a.Count; i++)
            {
                Assert.That(a[i].Index, Is.EqualTo(10 + i));
                Assert.That(a[i].Rgb, Is.EqualTo(b[i].Rgb));
            }
        }

        [Test]
        public void LabelsCycleThroughTheKindsAndTheLabelledObjectIsInView()
        {
            var frames = new SceneFrames(ShapeNames.First(6), 64, 3) { Supersample = 1 };
            var list = frames.Render(0, 60).ToList();
            for (int i = 0; i < list.Count; i++)
            {
                Assert.That(list[i].Label, Is.EqualTo((ShapeKind)(i % 6)));
                Assert.That(list[i].Scene.Label, Is.EqualTo(list[i].Label));
                Assert.That(list[i].MainObjectCoverage, Is.GreaterThan(0.04f), $"frame {i} ({list[i].LabelName}) barely shows its object");
            }
            Assert.That(list.Average(f => f.MainObjectCoverage), Is.GreaterThan(0.12f));
        }

        [Test]
        public void DifferentSeedsGiveDifferentScenes()
        {
            var a = new SceneFrames(ShapeNames.First(3), 32, 1) { Supersample = 1 }.Render(0, 3).ToList();
            var b = new SceneFrames(ShapeNames.First(3), 32, 2) { Supersample = 1 }.Render(0, 3).ToList();
            for (int i = 0; i < 3; i++) Assert.That(a[i].Rgb, Is.Not.EqualTo(b[i].Rgb));
        }

        [Test]
        public void PixelBufferThatIsTooSmallIsRefused()
        {
            var renderer = new SceneRenderer(32);
            var frames = new SceneFrames(ShapeNames.First(2), 32, 1);
            var scene = frames.Render(0, renderer).Scene;
            var e = Assert.Throws<ArgumentException>(() => renderer.Render(scene, new byte[100]));
            Assert.That(e!.Message, Does.Contain("32x32"));
        }

        [Test]
        public void UnknownClassCountIsRefused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => ShapeNames.First(ShapeNames.Count + 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => ShapeNames.First(1));
        }

        [Test]
        public void HardScenesHaveAllClassesMoreClutterAndOccludersThatHideOnlyPartOfTheObject()
        {
            var kinds = ShapeNames.First(ShapeNames.Count);
            var hard = new SceneFrames(kinds, 48, 5) { Supersample = 1, Style = SceneStyle.Hard, Threads = 1 }.Render(0, 45).ToList();
            var easy = new SceneFrames(kinds, 48, 5) { Supersample = 1, Threads = 1 }.Render(0, 45).ToList();
            for (int i = 0; i < hard.Count; i++) Assert.That(hard[i].Label, Is.EqualTo((ShapeKind)(i % ShapeNames.Count)));
            Assert.That(easy.All(f => f.Scene.Objects.All(o => !o.Occluder)), "the easy set has no occluders");
            Assert.That(hard.Average(f => f.Scene.Objects.Count), Is.GreaterThan(easy.Average(f => f.Scene.Objects.Count) + 1), "hard scenes hold more clutter");

            // An occluder hides part of the object: without it the object covers more of the frame, with it some still shows.
            var renderer = new SceneRenderer(48, 1);
            var rgb = new byte[48 * 48 * 3];
            int occluded = 0, hidingPart = 0;
            foreach (var frame in hard.Where(f => f.Scene.Objects.Any(o => o.Occluder)))
            {
                occluded++;
                var scene = frame.Scene;
                var bare = new Scene(scene.Objects.Where(o => !o.Occluder).ToList(), scene.MainObject)
                {
                    CameraPosition = scene.CameraPosition, CameraTarget = scene.CameraTarget, FieldOfViewDegrees = scene.FieldOfViewDegrees,
                };
                renderer.Render(bare, rgb);
                if (renderer.MainObjectCoverage > frame.MainObjectCoverage + 0.005f) hidingPart++;
                Assert.That(frame.MainObjectCoverage, Is.GreaterThan(0.02f), $"frame {frame.Index} ({frame.LabelName}): the occluders hide the object");
            }
            Assert.That(occluded, Is.GreaterThan(hard.Count / 4), "about seven in ten hard scenes have an occluder");
            Assert.That(hidingPart, Is.GreaterThan(occluded / 3), "occluders stand in front of the object, not beside the view");

            // Wider-ranging light: frame brightness varies more between hard scenes than between easy ones.
            Assert.That(Spread(hard), Is.GreaterThan(Spread(easy)));
        }

        [Test]
        public void EasyIsTheDefaultAndUnknownStylesAreRefused()
        {
            Assert.That(new SceneFrames(ShapeNames.First(2), 32, 1).Style, Is.SameAs(SceneStyle.Easy));
            Assert.That(SceneStyle.Named("HARD"), Is.SameAs(SceneStyle.Hard));
            var e = Assert.Throws<ArgumentException>(() => SceneStyle.Named("medium"));
            Assert.That(e!.Message, Does.Contain("easy, hard"));
        }

        static double Spread(System.Collections.Generic.List<RenderedFrame> frames)
        {
            var means = frames.Select(f => f.Rgb.Average(b => (double)b)).ToList();
            double mean = means.Average();
            return Math.Sqrt(means.Sum(m => (m - mean) * (m - mean)) / (means.Count - 1));
        }
    }
}
