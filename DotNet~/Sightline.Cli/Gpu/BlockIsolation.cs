using System;
using System.Collections.Generic;
using Sightline.Cpu;
using Sightline.Cuda.Engine;
using Sightline.Model;

namespace Sightline.Cli.Gpu
{
    /// <summary>
    /// Each fused block of the CUDA engine checked on its own: the CPU engine's layer functions get the GPU's own
    /// block input (and, backwards, the GPU's gradient of the block output), so an error shows at the block that
    /// makes it instead of spreading to every later layer.
    /// </summary>
    public static class BlockIsolation
    {
        /// <summary>After a training Forward and Backward on <paramref name="gpu"/> (before Update).</summary>
        public static void Check(CheckResult r, NetworkSpec spec, CudaEngine gpu, float[] input, float[] parameters, float[] gpuGradients,
            ulong dropoutSeed, long step, int batch, double tolerance)
        {
            var layers = spec.Layers;
            using var context = new CpuContext(0);
            foreach (var layer in layers)
            {
                if (layer.Kind == LayerKind.Convolution) Convolution.Reserve(context, ConvolutionGeometry.FromLayer(layer));
                if (layer.Kind == LayerKind.LocalResponseNorm) LocalResponseNorm.Reserve(context, LrnGeometry.FromLayer(layer));
                if (layer.Kind == LayerKind.FullyConnected) FullyConnected.Reserve(context, layer.Input.Size, layer.Output.Size, batch);
            }
            string? previous = null;
            for (int first = 0; first < layers.Count; first++)
            {
                if (!layers[first].HasParameters) continue;
                int last = first;
                while (last + 1 < layers.Count && !layers[last + 1].HasParameters) last++;
                string name = layers[first].Name;
                var x = previous == null ? input : gpu.ReadBlock(previous, gradient: false);

                // Forward through the block's layers, keeping each output for the backward pass.
                var outputs = new List<float[]>();
                var current = x;
                for (int k = first; k <= last; k++)
                {
                    var layer = layers[k];
                    var y = new float[batch * layer.Output.Size];
                    switch (layer.Kind)
                    {
                        case LayerKind.Convolution:
                            Convolution.Forward(context, ConvolutionGeometry.FromLayer(layer), batch, current, Weights(parameters, layer), Bias(parameters, layer), y);
                            break;
                        case LayerKind.FullyConnected:
                            FullyConnected.Forward(context, layer.Input.Size, layer.Output.Size, batch, current, Weights(parameters, layer), Bias(parameters, layer), y);
                            break;
                        case LayerKind.Relu:
                            ActivationLayer.Forward(context, Activation.Relu, current, y, y.Length);
                            break;
                        case LayerKind.LocalResponseNorm:
                            LocalResponseNorm.Forward(context, LrnGeometry.FromLayer(layer), batch, current, y);
                            break;
                        case LayerKind.MaxPool:
                            MaxPool.Forward(context, PoolGeometry.FromLayer(layer), batch, current, y);
                            break;
                        case LayerKind.Dropout:
                            Dropout.Forward(context, dropoutSeed, layer.DropoutIndex, step, layer.DropProbability, y.Length, current, y);
                            break;
                        default:
                            throw new NotSupportedException($"no CPU function for {layer.Kind} ({layer.Name})");
                    }
                    outputs.Add(y);
                    current = y;
                }
                double forwardError = Compare.NormalizedMaxError(gpu.ReadBlock(name, gradient: false), current);
                r.Add($"{name} alone: forward", forwardError, tolerance);

                // Backward from the GPU's gradient of this block's output.
                var d = gpu.ReadBlock(name, gradient: true);
                for (int k = last; k >= first; k--)
                {
                    var layer = layers[k];
                    var xin = k == first ? x : outputs[k - first - 1];
                    var yout = outputs[k - first];
                    bool needInput = k > first || previous != null;
                    var dx = needInput ? new float[batch * layer.Input.Size] : Array.Empty<float>();
                    switch (layer.Kind)
                    {
                        case LayerKind.Convolution:
                        {
                            var dw = new float[layer.WeightCount];
                            var db = new float[layer.BiasCount];
                            Convolution.Backward(context, ConvolutionGeometry.FromLayer(layer), batch, xin, Weights(parameters, layer), d, dx, dw, db);
                            AddParameterGradients(r, name, layer, gpuGradients, dw, db, tolerance);
                            break;
                        }
                        case LayerKind.FullyConnected:
                        {
                            var dw = new float[layer.WeightCount];
                            var db = new float[layer.BiasCount];
                            FullyConnected.Backward(context, layer.Input.Size, layer.Output.Size, batch, xin, Weights(parameters, layer), d, dx, dw, db);
                            AddParameterGradients(r, name, layer, gpuGradients, dw, db, tolerance);
                            break;
                        }
                        case LayerKind.Relu:
                            ActivationLayer.Backward(context, Activation.Relu, yout, d, dx, dx.Length);
                            break;
                        case LayerKind.LocalResponseNorm:
                            LocalResponseNorm.Backward(context, LrnGeometry.FromLayer(layer), batch, xin, yout, d, dx);
                            break;
                        case LayerKind.MaxPool:
                        {
                            // Route through the GPU's window choices (see PoolRouting for why), and check those choices.
                            var choices = gpu.ReadPoolChoices(name);
                            if (choices == null || k != last)
                            {
                                MaxPool.Backward(context, PoolGeometry.FromLayer(layer), batch, xin, d, dx);
                                break;
                            }
                            double shortfall = PoolRouting.Backward(PoolGeometry.FromLayer(layer), batch, xin, choices, d, dx, out int different);
                            r.Add($"{name} alone: pool choices are window maxima ({different} near-ties chosen differently)", shortfall, PoolRouting.ChoiceTolerance(forwardError));
                            break;
                        }
                        case LayerKind.Dropout:
                            Dropout.Backward(context, dropoutSeed, layer.DropoutIndex, step, layer.DropProbability, dx.Length, d, dx);
                            break;
                    }
                    d = dx;
                }
                if (previous != null)
                    r.Add($"{name} alone: input gradient", Compare.NormalizedMaxError(gpu.ReadBlock(previous, gradient: true), d), tolerance);
                previous = name;
            }
        }

        static void AddParameterGradients(CheckResult r, string name, LayerSpec layer, float[] gpu, float[] dw, float[] db, double tolerance)
        {
            r.Add($"{name} alone: weight gradient", Compare.NormalizedMaxError(gpu.AsSpan(layer.WeightOffset, layer.WeightCount), dw), tolerance);
            r.Add($"{name} alone: bias gradient", Compare.NormalizedMaxError(gpu.AsSpan(layer.BiasOffset, layer.BiasCount), db), tolerance);
        }

        static ReadOnlySpan<float> Weights(float[] flat, LayerSpec layer) => flat.AsSpan(layer.WeightOffset, layer.WeightCount);
        static ReadOnlySpan<float> Bias(float[] flat, LayerSpec layer) => flat.AsSpan(layer.BiasOffset, layer.BiasCount);
    }
}
