using System;
using NUnit.Framework;
using Sightline.Cpu;
using Sightline.Model;

namespace Sightline.Tests.Core.Cpu
{
    public class TanhTests
    {
        [Test]
        public void ForwardIsTanhInPlaceAndAcrossChunks()
        {
            var x = GradientCheck.Random(40000, 41, 3.0); // more than one parallel chunk, well into saturation
            var y = (float[])x.Clone();
            using var context = new CpuContext(2);
            ActivationLayer.Forward(context, Activation.Tanh, y, y, y.Length);
            for (int i = 0; i < x.Length; i += 37)
                Assert.That(y[i], Is.EqualTo(Math.Tanh(x[i])).Within(1e-6), $"element {i}");
        }

        [Test]
        public void BackwardMatchesFiniteDifferences()
        {
            var x = GradientCheck.Random(300, 42, 2.0);
            var projection = GradientCheck.Random(x.Length, 43);
            var y = new float[x.Length];
            using var context = new CpuContext(2);
            double Loss()
            {
                ActivationLayer.Forward(context, Activation.Tanh, x, y, x.Length);
                return GradientCheck.Dot(y, projection);
            }
            Loss();
            var dx = new float[x.Length];
            ActivationLayer.Backward(context, Activation.Tanh, y, projection, dx, x.Length);
            GradientCheck.Check("tanh", x, dx, Loss, 1e-2f, 1e-3, 1e-4);
        }

        [Test]
        public void BackwardInPlaceEqualsOutOfPlace()
        {
            var y = GradientCheck.Random(1000, 44, 0.9);
            var dy = GradientCheck.Random(1000, 45);
            var dx = new float[dy.Length];
            using var context = new CpuContext(2);
            ActivationLayer.Backward(context, Activation.Tanh, y, dy, dx, dy.Length);
            ActivationLayer.Backward(context, Activation.Tanh, y, dy, dy, dy.Length);
            Assert.That(dy, Is.EqualTo(dx));
            Assert.That(dx[3], Is.EqualTo(GradientCheck.Random(1000, 45)[3] * (1f - y[3] * y[3])));
        }
    }
}
