using System;
using System.Linq;
using NUnit.Framework;
using Sightline.Render;
using Sightline.Render.Raster;

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
            Assert.Throws<ArgumentOutOfRangeException>(() => ShapeNames.First(7));
            Assert.Throws<ArgumentOutOfRangeException>(() => ShapeNames.First(1));
        }
    }
}
