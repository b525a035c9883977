using System;
using NUnit.Framework;
using Sightline.Cpu;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Tests.Core.Cpu
{
    public class SgdTests
    {
        [Test]
        public void UpdateFollowsThePapersRuleByHand()
        {
            // lr 0.5, momentum 0.5, decay 0.25 (powers of two: the hand computation is exact in float).
            // v = 0.5 * 2 - 0.25 * 0.5 * 4 - 0.5 * 1 = 1 - 0.5 - 0.5 = 0; w = 4 + 0 = 4.
            // v = 0.5 * 1 - 0.125 * 8 - 0.5 * (-2) = 0.5 - 1 + 1 = 0.5; w = 8.5.
            float[] w = { 4f, 8f };
            float[] v = { 2f, 1f };
            float[] g = { 1f, -2f };
            using var context = new CpuContext(1);
            Sgd.Update(context, w, v, g, new SgdSettings(0.5f, 0.5f, 0.25f), true);
            Assert.That(v, Is.EqualTo(new[] { 0f, 0.5f }));
            Assert.That(w, Is.EqualTo(new[] { 4f, 8.5f }));
        }

        [Test]
        public void EngineDecaysWeightsButNotBiases()
        {
            // With zero gradients (parameters set, gradients never computed) one step from zero momentum is pure
            // decay: w -> w - wd lr w for weights, and biases stay put.
            var spec = new NetworkSpec("tiny", 4, 64, 0.125f);
            using var engine = new CpuEngine(spec, 1, new CpuEngineOptions { ThreadCount = 2 });
            var parameters = new float[spec.ParameterCount];
            engine.GetParameters(parameters);
            var biasLayer = spec["conv2"];
            for (int i = 0; i < biasLayer.BiasCount; i++) parameters[biasLayer.BiasOffset + i] = 1f;
            engine.SetParameters(parameters);
            var settings = new SgdSettings(0.01f, 0.9f, 0.0005f);
            engine.Update(settings);

            var after = new float[spec.ParameterCount];
            var momentum = new float[spec.ParameterCount];
            engine.GetParameters(after);
            engine.GetMomentum(momentum);
            float decay = 0.0005f * 0.01f;
            foreach (var layer in spec.Layers)
            {
                if (!layer.HasParameters) continue;
                for (int i = 0; i < layer.WeightCount; i += 97)
                {
                    int at = layer.WeightOffset + i;
                    float expectedV = 0.9f * 0f - decay * parameters[at] - 0.01f * 0f;
                    Assert.That(momentum[at], Is.EqualTo(expectedV), $"{layer.Name} weight {i} momentum");
                    Assert.That(after[at], Is.EqualTo(parameters[at] + expectedV), $"{layer.Name} weight {i}");
                }
                for (int i = 0; i < layer.BiasCount; i++)
                {
                    Assert.That(after[layer.BiasOffset + i], Is.EqualTo(parameters[layer.BiasOffset + i]), $"{layer.Name} bias {i} must not decay");
                    Assert.That(momentum[layer.BiasOffset + i], Is.EqualTo(0f));
                }
            }
            Assert.That(engine.Step, Is.EqualTo(1));
        }

        [Test]
        public void EngineUpdateUsesTheGradientsOfTheLastBackward()
        {
            var spec = new NetworkSpec("tiny", 4, 64, 0.125f);
            using var engine = new CpuEngine(spec, 2, new CpuEngineOptions { ThreadCount = 2, InitSeed = 3 });
            var input = GradientCheck.Random(2 * spec.InputShape.Size, 5);
            var logits = new float[2 * spec.Classes];
            engine.Forward(input, 2, logits, true);
            engine.Backward(new[] { 1, 2 });
            var w = new float[spec.ParameterCount];
            var g = new float[spec.ParameterCount];
            var v = new float[spec.ParameterCount];
            engine.GetParameters(w);
            engine.GetGradients(g);
            for (int i = 0; i < v.Length; i++) v[i] = (i % 5) * 0.001f;
            engine.SetMomentum(v);
            engine.Update(new SgdSettings(0.1f));
            var after = new float[w.Length];
            var vAfter = new float[w.Length];
            engine.GetParameters(after);
            engine.GetMomentum(vAfter);
            foreach (var layer in spec.Layers)
            {
                if (!layer.HasParameters) continue;
                int wi = layer.WeightOffset + layer.WeightCount / 2, bi = layer.BiasOffset;
                float vw = 0.9f * v[wi] - 0.0005f * 0.1f * w[wi] - 0.1f * g[wi];
                float vb = 0.9f * v[bi] - 0.1f * g[bi];
                Assert.That(vAfter[wi], Is.EqualTo(vw).Within(1e-7), layer.Name + " weight momentum");
                Assert.That(after[wi], Is.EqualTo(w[wi] + vw).Within(1e-6), layer.Name + " weight");
                Assert.That(vAfter[bi], Is.EqualTo(vb).Within(1e-7), layer.Name + " bias momentum");
                Assert.That(after[bi], Is.EqualTo(w[bi] + vb).Within(1e-6), layer.Name + " bias");
            }
        }
    }
}
