using System;
using System.Collections.Generic;
using System.Diagnostics;
using Sightline.Engines;

namespace Sightline.Cli.Inference
{
    /// <summary>One engine's inference speed: batch-1 latency (median) and large-batch throughput.</summary>
    internal sealed class InferenceMeasure
    {
        public string Engine = "";
        public double LatencyMs;
        public double LatencyMinMs;
        public double ImagesPerSecond;
        public int Threads;
    }

    internal static class InferenceBench
    {
        /// <param name="x1">one image; <paramref name="xb"/>: <paramref name="batch"/> images.</param>
        public static InferenceMeasure Measure(IInferenceEngine engine, float[] x1, float[] xb, int batch, int iterations, int batchRuns, float[] logits1)
        {
            var logits = new float[batch * engine.Spec.Classes];
            // Warm-up: first calls allocate, pack weights and fault pages in.
            engine.Forward(x1, 1, logits1, false);
            engine.Forward(x1, 1, logits1, false);
            engine.Forward(xb, batch, logits, false);

            var times = new List<double>();
            var clock = new Stopwatch();
            for (int i = 0; i < iterations; i++)
            {
                clock.Restart();
                engine.Forward(x1, 1, logits1, false);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            clock.Restart();
            for (int i = 0; i < batchRuns; i++) engine.Forward(xb, batch, logits, false);
            double seconds = clock.Elapsed.TotalSeconds;
            return new InferenceMeasure
            {
                Engine = engine.Name,
                LatencyMs = times[times.Count / 2],
                LatencyMinMs = times[0],
                ImagesPerSecond = batch * batchRuns / seconds,
            };
        }
    }
}
