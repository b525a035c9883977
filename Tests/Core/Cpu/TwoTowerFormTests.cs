using System;
using NUnit.Framework;
using Sightline.Cpu;
using Sightline.Model;

namespace Sightline.Tests.Core.Cpu
{
    /// <summary>
    /// Documentation~/network.md: the grouped one-device form must compute the same numbers as the two-tower form. Here the two
    /// towers are computed literally, as separate ungrouped layers on each tower's own channels, with the paper's
    /// cross-connections (conv3 and fc6-fc8 read both towers) as explicit concatenations, and compared with the engine.
    /// </summary>
    public class TwoTowerFormTests
    {
        sealed class Tower
        {
            public float[] Data = Array.Empty<float>();
            public int Channels, Side;
        }

        static float[] Slice(float[] flat, int offset, int count)
        {
            var result = new float[count];
            Array.Copy(flat, offset, result, 0, count);
            return result;
        }

        // Per image, tower A's channels then tower B's: the grouped form's channel order.
        static float[] Concat(Tower a, Tower b, int batch)
        {
            int sa = a.Channels * a.Side * a.Side, sb = b.Channels * b.Side * b.Side;
            var result = new float[batch * (sa + sb)];
            for (int n = 0; n < batch; n++)
            {
                Array.Copy(a.Data, n * sa, result, n * (sa + sb), sa);
                Array.Copy(b.Data, n * sb, result, n * (sa + sb) + sa, sb);
            }
            return result;
        }

        // One tower's part of a convolution: its output channels [first, first + count) of the layer, reading `input`
        // (either its own tower's channels or both towers'), ungrouped; then ReLU.
        static Tower Conv(CpuContext context, LayerSpec layer, float[] parameters, float[] input, int inChannels, int side, int tower, int batch)
        {
            int count = layer.Output.Channels / 2;
            var g = new ConvolutionGeometry(inChannels, side, side, count, layer.Kernel, layer.Stride, layer.Pad, 1);
            var weights = Slice(parameters, layer.WeightOffset + tower * g.WeightCount, g.WeightCount);
            var bias = Slice(parameters, layer.BiasOffset + tower * count, count);
            var output = new float[batch * g.OutSize];
            Convolution.Forward(context, g, batch, input, weights, bias, output);
            ActivationLayer.Forward(context, Activation.Relu, output, output, output.Length);
            return new Tower { Data = output, Channels = count, Side = g.OutHeight };
        }

        static Tower Lrn(CpuContext context, LayerSpec layer, Tower t, int batch)
        {
            var g = new LrnGeometry(t.Channels, t.Side, t.Side, 1, layer.LrnSize, layer.LrnAlpha, layer.LrnBeta, layer.LrnK);
            var output = new float[t.Data.Length];
            LocalResponseNorm.Forward(context, g, batch, t.Data, output);
            return new Tower { Data = output, Channels = t.Channels, Side = t.Side };
        }

        static Tower Pool(CpuContext context, LayerSpec layer, Tower t, int batch)
        {
            var g = new PoolGeometry(t.Channels, t.Side, t.Side, layer.Kernel, layer.Stride);
            var output = new float[batch * g.OutSize];
            MaxPool.Forward(context, g, batch, t.Data, output);
            return new Tower { Data = output, Channels = t.Channels, Side = g.OutHeight };
        }

        static float[] Fc(CpuContext context, LayerSpec layer, float[] parameters, float[] input, int first, int count, int batch, bool relu)
        {
            int inputs = layer.Input.Size;
            var weights = Slice(parameters, layer.WeightOffset + first * inputs, count * inputs);
            var bias = Slice(parameters, layer.BiasOffset + first, count);
            var output = new float[batch * count];
            FullyConnected.Forward(context, inputs, count, batch, input, weights, bias, output);
            if (relu) ActivationLayer.Forward(context, Activation.Relu, output, output, output.Length);
            return output;
        }

        static float[] TwoTowerForward(NetworkSpec spec, float[] parameters, float[] image, int batch)
        {
            using var context = new CpuContext(2);
            int side = spec.InputSize;
            var towers = new Tower[2];
            for (int t = 0; t < 2; t++)
            {
                // conv1: each tower's kernels see the whole image.
                var x = Conv(context, spec["conv1"], parameters, image, 3, side, t, batch);
                x = Pool(context, spec["pool1"], Lrn(context, spec["lrn1"], x, batch), batch);
                // conv2: own tower only.
                x = Conv(context, spec["conv2"], parameters, x.Data, x.Channels, x.Side, t, batch);
                towers[t] = Pool(context, spec["pool2"], Lrn(context, spec["lrn2"], x, batch), batch);
            }
            // conv3 reads both towers.
            var both = Concat(towers[0], towers[1], batch);
            var conv3 = new Tower[2];
            for (int t = 0; t < 2; t++) conv3[t] = Conv(context, spec["conv3"], parameters, both, towers[0].Channels * 2, towers[0].Side, t, batch);
            var pool5 = new Tower[2];
            for (int t = 0; t < 2; t++)
            {
                var x = Conv(context, spec["conv4"], parameters, conv3[t].Data, conv3[t].Channels, conv3[t].Side, t, batch);
                x = Conv(context, spec["conv5"], parameters, x.Data, x.Channels, x.Side, t, batch);
                pool5[t] = Pool(context, spec["pool5"], x, batch);
            }
            // fc6 and fc7 read both towers; each tower computes its half of the units.
            var input = Concat(pool5[0], pool5[1], batch);
            foreach (var name in new[] { "fc6", "fc7" })
            {
                var layer = spec[name];
                int half = layer.Output.Size / 2;
                var a = Fc(context, layer, parameters, input, 0, half, batch, true);
                var b = Fc(context, layer, parameters, input, half, half, batch, true);
                input = Concat(new Tower { Data = a, Channels = half, Side = 1 }, new Tower { Data = b, Channels = half, Side = 1 }, batch);
            }
            // fc8 on tower A reads both towers.
            return Fc(context, spec["fc8"], parameters, input, 0, spec.Classes, batch, false);
        }

        [Test]
        public void GroupedEngineEqualsTheLiteralTwoTowerNetwork()
        {
            var spec = new NetworkSpec("tiny", 4, 64, 0.125f);
            int batch = 3;
            var image = GradientCheck.Random(batch * spec.InputShape.Size, 91);
            var parameters = new float[spec.ParameterCount];
            ParameterInitializer.Initialize(spec, 92, parameters);
            // Non-zero biases, so that a bias read from the wrong tower would show.
            foreach (var layer in spec.Layers)
                for (int i = 0; i < layer.BiasCount; i++) parameters[layer.BiasOffset + i] = 0.01f * (i % 7) - 0.02f;

            var expected = TwoTowerForward(spec, parameters, image, batch);
            using var engine = new CpuEngine(spec, batch, new CpuEngineOptions { ThreadCount = 2 });
            engine.SetParameters(parameters);
            var logits = new float[batch * spec.Classes];
            engine.Forward(image, batch, logits, false);
            for (int i = 0; i < logits.Length; i++)
                Assert.That(logits[i], Is.EqualTo(expected[i]).Within(1e-5 + 1e-5 * Math.Abs(expected[i])), $"logit {i}");
            Assert.That(GradientCheck.MaxAbs(expected), Is.GreaterThan(1e-3), "the comparison is not trivially zero");
        }
    }
}
