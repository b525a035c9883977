using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Sightline.Classification;
using Sightline.Cpu;
using Sightline.Imaging;
using Sightline.Model;

namespace Sightline.Cli.Reliability
{
    /// <summary>
    /// The <see cref="ImageClassifier"/> under 16 concurrent callers: every answer must equal the single-caller answer
    /// for the same frame, and neither managed memory nor (on Linux) the process's resident memory may grow from one
    /// round to the next beyond a small tolerance once the first round has warmed everything up.
    /// </summary>
    public static class ClassifierLoadDrill
    {
        public const int Callers = 16;
        /// <summary>Managed heap growth allowed between the second and the last round.</summary>
        public const long ManagedTolerance = 4L << 20;
        /// <summary>Resident memory growth allowed between the second and the last round (allocator noise, JIT).</summary>
        public const long ResidentTolerance = 48L << 20;

        public sealed class Measurements
        {
            public long[] Managed = Array.Empty<long>();
            public long[] Resident = Array.Empty<long>();
            public int Requests;
            public int Wrong;
        }

        public static ReliabilityRow Run(int seed, int rounds = 4, int requestsPerCaller = 12) => Run(seed, rounds, requestsPerCaller, out _);

        /// <summary>Callers of the timed load row (`check reliability`): 64 for at least 30 s (CI), as long as --seconds asks beyond that.</summary>
        public const int LoadCallers = 64;
        public const double LoadSeconds = 30;

        /// <summary>What the timed load row measured.</summary>
        public sealed class LoadMeasurements
        {
            public long Requests;
            public long Wrong;
            public double P50Milliseconds;
            public double P99Milliseconds;
            public long ManagedGrowth;
            public long NativeGrowth;
            public double Seconds;
        }

        /// <summary>
        /// <paramref name="callers"/> callers classify random frames for <paramref name="seconds"/>: every answer must be
        /// the single-caller answer; the row reports requests served, p50/p99 latency, and managed and native (resident
        /// minus managed) memory growth from the end of the first fifth (warm) to the end, each bounded.
        /// </summary>
        public static ReliabilityRow RunTimed(int seed, double seconds, int callers, out LoadMeasurements measured)
        {
            var row = new ReliabilityRow("classifier load");
            var clock = Stopwatch.StartNew();
            measured = new LoadMeasurements();
            var result = measured;
            try
            {
                var spec = DrillData.TinySpec();
                var parameters = new float[spec.ParameterCount];
                ParameterInitializer.Initialize(spec, (ulong)seed, parameters);
                var random = new Randomness.SeededRandom((ulong)seed);
                var frames = Enumerable.Range(0, 24).Select(i => DrillData.Frame(i % 3, spec.InputSize, random)).ToArray();
                var options = new ClassifierOptions { ResizeFrames = false, DefaultTop = 3 };
                LabelScore[][] expected;
                using (var single = Classifier(spec, parameters, options))
                    expected = frames.Select(f => single.ClassifyAsync(f).GetAwaiter().GetResult().Top.ToArray()).ToArray();

                using var shared = Classifier(spec, parameters, options);
                var deadline = TimeSpan.FromSeconds(seconds);
                var warm = TimeSpan.FromSeconds(seconds / 5);
                var load = Stopwatch.StartNew();
                long managedWarm = -1, residentWarm = 0;
                var latencies = new System.Collections.Concurrent.ConcurrentBag<double[]>();
                var tasks = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
                {
                    var order = new Random(seed * 1000 + caller);
                    var mine = new System.Collections.Generic.List<double>();
                    long bad = 0;
                    while (load.Elapsed < deadline)
                    {
                        int which = order.Next(frames.Length);
                        long start = Stopwatch.GetTimestamp();
                        var answer = await shared.ClassifyAsync(frames[which]).ConfigureAwait(false);
                        mine.Add((Stopwatch.GetTimestamp() - start) * 1000.0 / Stopwatch.Frequency);
                        if (!Same(answer.Top, expected[which])) bad++;
                    }
                    latencies.Add(mine.ToArray());
                    return bad;
                })).ToArray();
                while (!Task.WaitAll(tasks, 200))
                    if (managedWarm < 0 && load.Elapsed >= warm)
                    {
                        managedWarm = ManagedBytes();
                        residentWarm = ResidentBytes();
                    }
                if (managedWarm < 0)
                {
                    managedWarm = ManagedBytes();
                    residentWarm = ResidentBytes();
                }
                result.Seconds = load.Elapsed.TotalSeconds;
                foreach (var t in tasks) result.Wrong += t.Result;
                var all = latencies.SelectMany(l => l).OrderBy(x => x).ToArray();
                result.Requests = all.Length;
                if (all.Length > 0)
                {
                    result.P50Milliseconds = all[(int)(0.50 * (all.Length - 1))];
                    result.P99Milliseconds = all[(int)(0.99 * (all.Length - 1))];
                }
                long managedEnd = ManagedBytes(), residentEnd = ResidentBytes();
                result.ManagedGrowth = managedEnd - managedWarm;
                result.NativeGrowth = residentWarm > 0 ? (residentEnd - managedEnd) - (residentWarm - managedWarm) : 0;
                row.InputsTried = (int)Math.Min(int.MaxValue, result.Requests);
                if (result.Requests == 0) row.Problem("no request was served");
                if (result.Wrong > 0) row.Lost($"{result.Wrong} of {result.Requests} concurrent answers differ from the single-caller answer");
                if (result.ManagedGrowth > ManagedTolerance) row.Problem($"managed memory grew by {Mib(result.ManagedGrowth)} under load (bound {Mib(ManagedTolerance)})");
                if (result.NativeGrowth > ResidentTolerance) row.Problem($"native memory grew by {Mib(result.NativeGrowth)} under load (bound {Mib(ResidentTolerance)})");
                row.Detail = string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "{0} callers for {1:0} s: {2} requests served ({3:0}/s), latency p50 {4:0.0} ms, p99 {5:0.0} ms; memory growth after warm-up: managed {6} (bound {7}), native {8} (bound {9})",
                    callers, result.Seconds, result.Requests, result.Requests / Math.Max(1e-9, result.Seconds), result.P50Milliseconds, result.P99Milliseconds,
                    Signed(result.ManagedGrowth), Mib(ManagedTolerance), residentWarm > 0 ? Signed(result.NativeGrowth) : "n/a (no /proc)", Mib(ResidentTolerance));
            }
            catch (AggregateException e)
            {
                foreach (var inner in e.Flatten().InnerExceptions) row.Unhandled("classifier caller: " + inner.GetType().Name + ": " + inner.Message);
            }
            catch (Exception e)
            {
                row.Unhandled(e.GetType().Name + ": " + e.Message);
            }
            row.Seconds = clock.Elapsed.TotalSeconds;
            return row;
        }

        public static ReliabilityRow Run(int seed, int rounds, int requestsPerCaller, out Measurements measured)
        {
            var row = new ReliabilityRow("classifier load");
            var clock = Stopwatch.StartNew();
            measured = new Measurements { Managed = new long[rounds], Resident = new long[rounds] };
            try
            {
                var spec = DrillData.TinySpec();
                var parameters = new float[spec.ParameterCount];
                ParameterInitializer.Initialize(spec, (ulong)seed, parameters);
                var random = new Randomness.SeededRandom((ulong)seed);
                var frames = Enumerable.Range(0, 24).Select(i => DrillData.Frame(i % 3, spec.InputSize, random)).ToArray();
                var options = new ClassifierOptions { ResizeFrames = false, DefaultTop = 3 };

                LabelScore[][] expected;
                using (var single = Classifier(spec, parameters, options))
                    expected = frames.Select(f => single.ClassifyAsync(f).GetAwaiter().GetResult().Top.ToArray()).ToArray();

                using var shared = Classifier(spec, parameters, options);
                for (int round = 0; round < rounds; round++)
                {
                    int wrong = 0;
                    var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
                    {
                        var order = new Random(seed * 1000 + round * Callers + caller);
                        int bad = 0;
                        for (int r = 0; r < requestsPerCaller; r++)
                        {
                            int which = order.Next(frames.Length);
                            var result = await shared.ClassifyAsync(frames[which]).ConfigureAwait(false);
                            if (!Same(result.Top, expected[which])) bad++;
                        }
                        return bad;
                    })).ToArray();
                    try
                    {
                        Task.WaitAll(callers);
                    }
                    catch (AggregateException e)
                    {
                        foreach (var inner in e.Flatten().InnerExceptions) row.Unhandled("classifier caller: " + inner.GetType().Name + ": " + inner.Message);
                    }
                    foreach (var t in callers.Where(t => t.Status == TaskStatus.RanToCompletion)) wrong += t.Result;
                    measured.Requests += Callers * requestsPerCaller;
                    measured.Wrong += wrong;
                    measured.Managed[round] = ManagedBytes();
                    measured.Resident[round] = ResidentBytes();
                }
                row.InputsTried = measured.Requests;
                if (measured.Wrong > 0) row.Lost($"{measured.Wrong} of {measured.Requests} concurrent answers differ from the single-caller answer");
                if (rounds >= 3)
                {
                    long managed = measured.Managed[rounds - 1] - measured.Managed[1];
                    long resident = measured.Resident[rounds - 1] - measured.Resident[1];
                    if (managed > ManagedTolerance) row.Problem($"managed memory grew by {Mib(managed)} from round 2 to round {rounds} (tolerance {Mib(ManagedTolerance)})");
                    if (measured.Resident[1] > 0 && resident > ResidentTolerance) row.Problem($"resident memory grew by {Mib(resident)} from round 2 to round {rounds} (tolerance {Mib(ResidentTolerance)})");
                    row.Detail = $"{Callers} callers x {requestsPerCaller} requests x {rounds} rounds; managed {Signed(managed)}, resident {(measured.Resident[1] > 0 ? Signed(resident) : "n/a")} from round 2 to {rounds}";
                }
            }
            catch (Exception e)
            {
                row.Unhandled(e.GetType().Name + ": " + e.Message);
            }
            row.Seconds = clock.Elapsed.TotalSeconds;
            return row;
        }

        static ImageClassifier Classifier(NetworkSpec spec, float[] parameters, ClassifierOptions options)
        {
            var engine = new CpuEngine(spec, 8, new CpuEngineOptions { ThreadCount = 1 });
            engine.SetParameters(parameters);
            return new ImageClassifier(engine, DrillData.Labels, InputNormalization.None, options);
        }

        // Batches of different sizes may sum in a different order: scores agree to float rounding, the ranking exactly.
        static bool Same(System.Collections.Generic.IReadOnlyList<LabelScore> a, LabelScore[] b)
        {
            if (a.Count != b.Length) return false;
            for (int i = 0; i < b.Length; i++)
                if (a[i].Index != b[i].Index || Math.Abs(a[i].Probability - b[i].Probability) > 1e-4f) return false;
            return true;
        }

        static long ManagedBytes()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return GC.GetTotalMemory(true);
        }

        /// <summary>Resident set size from /proc/self/statm on Linux; 0 elsewhere (not measured).</summary>
        public static long ResidentBytes()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !File.Exists("/proc/self/statm")) return 0;
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }

        static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MiB";
        static string Signed(long bytes) => (bytes >= 0 ? "+" : "") + Mib(bytes);
    }
}
