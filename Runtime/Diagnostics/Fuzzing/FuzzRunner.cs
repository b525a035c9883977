using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Sightline.Randomness;

namespace Sightline.Reliability.Fuzzing
{
    /// <summary>
    /// Runs mutated seed files through a <see cref="FuzzTarget"/> and sorts every case into success, expected error
    /// (the target's own exception, naming the file) or failure (any other exception, a hang past the case timeout,
    /// or an allocation past the memory ceiling). Case i of a target depends only on the seed, the target's name and
    /// i, so any failure is reproduced by <see cref="CaseInput"/>. Cases 0 .. seeds-1 are the unmodified seed files:
    /// the parser must accept those.
    /// </summary>
    public static class FuzzRunner
    {
        /// <summary>Fuzzes one target until <see cref="FuzzSettings.MaxCases"/> or <see cref="FuzzSettings.Duration"/>, whichever comes first.</summary>
        public static FuzzReport Run(FuzzTarget target, FuzzSettings settings, Action<FuzzReport>? progress = null)
        {
            var report = new FuzzReport(target.Name, settings.Seed);
            string scratch = Path.Combine(Path.GetTempPath(), $"sightline-fuzz-{target.Name}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(scratch);
            // The seed files are built before the clock starts: a short budget on a busy machine still fuzzes.
            var seeds = target.Seeds;
            var clock = Stopwatch.StartNew();
            var worker = new CaseWorker("fuzz " + target.Name);
            try
            {
                for (long i = settings.FirstCase; i - settings.FirstCase < settings.MaxCases && clock.Elapsed < settings.Duration; i++)
                {
                    var log = new List<string>();
                    byte[] input = CaseInput(target, settings.Seed, i, log);
                    string path = Path.Combine(scratch, $"{target.Name}-case-{i}.bin");
                    var caseClock = Stopwatch.StartNew();
                    bool finished = worker.TryRun(() => target.Run(input, path), settings.CaseTimeout, out var error, out long allocated);
                    caseClock.Stop();
                    report.Cases++;
                    if (caseClock.Elapsed > report.SlowestCase) report.SlowestCase = caseClock.Elapsed;
                    if (allocated > report.LargestAllocation) report.LargestAllocation = allocated;
                    FuzzFailure? failure = null;
                    string mutations = string.Join("; ", log);
                    if (!finished)
                    {
                        failure = new FuzzFailure(i, "hang", "", $"still running after {settings.CaseTimeout.TotalSeconds:0.#} s", mutations, input.Length);
                        worker = new CaseWorker("fuzz " + target.Name);
                    }
                    else if (allocated > settings.MemoryCeilingBytes)
                    {
                        failure = new FuzzFailure(i, "memory", error?.GetType().FullName ?? "",
                            $"allocated {allocated / (1024.0 * 1024.0):0} MiB, over the {settings.MemoryCeilingBytes / (1024 * 1024)} MiB ceiling" + (error == null ? "" : "; then: " + error.Message), mutations, input.Length);
                    }
                    else if (error == null)
                    {
                        report.Successes++;
                    }
                    else if (i < seeds.Count)
                    {
                        failure = new FuzzFailure(i, "seed rejected", error.GetType().FullName ?? "", Describe(error), "none (seed file)", input.Length);
                    }
                    else if (target.IsExpected(error, path))
                    {
                        string name = error.GetType().Name;
                        report.ExpectedErrors.TryGetValue(name, out long n);
                        report.ExpectedErrors[name] = n + 1;
                    }
                    else
                    {
                        bool ours = false;
                        foreach (var type in target.ExpectedExceptions) ours |= type.IsInstanceOfType(error);
                        failure = new FuzzFailure(i, ours ? "message" : "exception", error.GetType().FullName ?? error.GetType().Name, Describe(error), mutations, input.Length);
                    }
                    if (failure != null) Record(report, failure, input, target, settings);
                    TryDelete(path);
                    if (progress != null && (i & 63) == 63)
                    {
                        report.Elapsed = clock.Elapsed;
                        progress(report);
                    }
                }
            }
            finally
            {
                worker.Dispose();
                report.Elapsed = clock.Elapsed;
                TryDeleteFolder(scratch);
            }
            return report;
        }

        /// <summary>Fuzzes each target for an equal share of <paramref name="budget"/> (the entry point for `sightline check reliability`).</summary>
        public static FuzzReport[] RunAll(IReadOnlyList<FuzzTarget> targets, TimeSpan budget, ulong seed, Action<FuzzReport>? progress = null)
        {
            var reports = new FuzzReport[targets.Count];
            for (int t = 0; t < targets.Count; t++)
            {
                var share = TimeSpan.FromTicks(budget.Ticks / targets.Count);
                reports[t] = Run(targets[t], new FuzzSettings { Seed = seed, Duration = share }, progress);
            }
            return reports;
        }

        /// <summary>The exact input of case <paramref name="caseIndex"/>: replay a failure from its seed and case number.</summary>
        public static byte[] CaseInput(FuzzTarget target, ulong seed, long caseIndex, List<string>? log = null)
        {
            var seeds = target.Seeds;
            if (caseIndex < seeds.Count) return seeds[(int)caseIndex];
            var random = new SeededRandom(seed ^ NameHash(target.Name) ^ ((ulong)caseIndex * 0x9E3779B97F4A7C15UL));
            var start = seeds[random.NextInt(seeds.Count)];
            var mutated = Mutator.Mutate(start, seeds, random, log);
            return target.Prepare(mutated, random, log);
        }

        // FNV-1a: stable across runtimes, unlike string.GetHashCode.
        static ulong NameHash(string name)
        {
            ulong h = 14695981039346656037UL;
            foreach (char c in name)
            {
                h ^= c;
                h *= 1099511628211UL;
            }
            return h;
        }

        static void Record(FuzzReport report, FuzzFailure failure, byte[] input, FuzzTarget target, FuzzSettings settings)
        {
            report.FailureCount++;
            if (settings.SaveFailuresTo != null)
            {
                Directory.CreateDirectory(settings.SaveFailuresTo);
                string file = Path.Combine(settings.SaveFailuresTo, $"{target.Name}-{settings.Seed}-{failure.CaseIndex}.bin");
                File.WriteAllBytes(file, input);
                failure.SavedTo = file;
            }
            if (report.Failures.Count < settings.MaxFailuresKept) report.Failures.Add(failure);
        }

        static string Describe(Exception e)
        {
            // The top frames say where in the parser it escaped.
            string trace = e.StackTrace ?? "";
            var lines = trace.Split('\n');
            int keep = Math.Min(lines.Length, 4);
            return e.Message + (keep > 0 ? "\n" + string.Join("\n", lines, 0, keep).TrimEnd() : "");
        }

        static void TryDelete(string path)
        {
            try { if (File.Exists(path)) File.Delete(path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        static void TryDeleteFolder(string folder)
        {
            try { Directory.Delete(folder, true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
