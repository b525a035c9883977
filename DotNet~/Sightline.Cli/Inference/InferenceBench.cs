using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Sightline.Engines;

namespace Sightline.Cli.Inference
{
    /// <summary>One engine's inference speed in one run: batch-1 latency (median and minimum) and large-batch throughput.</summary>
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
        /// <summary>
        /// First calls allocate, pack weights and fault pages in, and .NET first runs methods unoptimised (tiered
        /// compilation recompiles a method after some 30 calls, in the background): batch-1 forwards for at least a
        /// second and 50 calls before any timing, so that both engines are measured in their steady state.
        /// </summary>
        public static void WarmUp(IInferenceEngine engine, float[] x1, float[] xb, int batch, float[] logits1)
        {
            engine.Forward(xb, batch, new float[batch * engine.Spec.Classes], false);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 50 || clock.Elapsed.TotalSeconds < 1.0; i++) engine.Forward(x1, 1, logits1, false);
        }

        /// <summary>One run: <paramref name="iterations"/> timed batch-1 forwards (median, minimum), then <paramref name="batchRuns"/> batched ones.</summary>
        /// <param name="x1">one image; <paramref name="xb"/>: <paramref name="batch"/> images.</param>
        public static InferenceMeasure Measure(IInferenceEngine engine, float[] x1, float[] xb, int batch, int iterations, int batchRuns, float[] logits1)
        {
            var logits = new float[batch * engine.Spec.Classes];
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

        /// <summary>The median of <paramref name="values"/> (the upper one of an even count).</summary>
        public static double Median(IReadOnlyList<double> values)
        {
            var sorted = new List<double>(values);
            sorted.Sort();
            return sorted[sorted.Count / 2];
        }

        /// <summary>
        /// The 1, 5 and 15 minute load averages from /proc/loadavg, or null where there is none (not Linux): timings
        /// on a machine whose load exceeds its processor count are slowed by other processes, for both engines alike.
        /// </summary>
        public static double[]? LoadAverage()
        {
            try
            {
                var fields = File.ReadAllText("/proc/loadavg").Split(' ');
                return new[]
                {
                    double.Parse(fields[0], CultureInfo.InvariantCulture),
                    double.Parse(fields[1], CultureInfo.InvariantCulture),
                    double.Parse(fields[2], CultureInfo.InvariantCulture),
                };
            }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
            catch (FormatException) { return null; }
            catch (IndexOutOfRangeException) { return null; }
        }
    }
}
