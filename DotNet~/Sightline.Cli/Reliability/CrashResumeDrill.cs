using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using Sightline.Training.Checkpoints;
using Sightline.Training.Sessions;

namespace Sightline.Cli.Reliability
{
    /// <summary>
    /// SIGKILLs child `sightline` processes at seeded random points, then checks and resumes what they left:
    /// <list type="bullet">
    /// <item>dataset capture (`debug-write-frames`) killed mid-write: no half-written frame, no manifest entry without its
    /// image, and every frame the writer had reported written before the kill is there after reopening;</item>
    /// <item>`train --checkpoint-every 1` killed during a step, during a checkpoint write (the moment its temporary
    /// file appears) or while it loads the data: the newest checkpoint loads, no step it recorded is lost, and the
    /// next `train --resume` continues past it;</item>
    /// <item>a last `train --resume` runs to the end of the next epoch.</item>
    /// </list>
    /// </summary>
    public static class CrashResumeDrill
    {
        public enum KillPoint
        {
            DuringCapture,
            DuringStep,
            DuringCheckpointWrite,
            DuringStartup,
        }

        /// <summary>The kill points of one run: two during capture, then training ones drawn from the seed (each kind at least once).</summary>
        public static KillPoint[] Schedule(int seed, int trainingKills)
        {
            var random = new Random(seed);
            var points = new KillPoint[2 + Math.Max(3, trainingKills)];
            points[0] = points[1] = KillPoint.DuringCapture;
            var kinds = new[] { KillPoint.DuringStep, KillPoint.DuringCheckpointWrite, KillPoint.DuringStartup };
            for (int i = 2; i < points.Length; i++)
                points[i] = i - 2 < kinds.Length ? kinds[i - 2] : kinds[random.Next(kinds.Length)];
            // Shuffle the training part so the order differs between seeds too.
            for (int i = points.Length - 1; i > 2; i--)
            {
                int j = 2 + random.Next(i - 1);
                (points[i], points[j]) = (points[j], points[i]);
            }
            return points;
        }

        public static ReliabilityRow Run(int seed, int trainingKills = 3, string? workFolder = null)
        {
            var row = new ReliabilityRow("crash/resume");
            var clock = Stopwatch.StartNew();
            string work = workFolder ?? DrillData.NewFolder("crash");
            Directory.CreateDirectory(work);
            var random = new Random(seed);
            try
            {
                string dataset = Path.Combine(work, "captures");
                DrillData.WriteDataset(dataset, 8, (ulong)seed);
                int frames = DrillData.CheckDataset(dataset, row, 24);
                string run = Path.Combine(work, "run");
                string checkpoint = new RunFolder(run).Checkpoint;
                long lastStep = 0;
                var schedule = Schedule(seed, trainingKills);
                var kinds = new System.Collections.Generic.List<string>();
                int durableFrames = 0;
                foreach (var point in schedule)
                {
                    row.InputsTried++;
                    if (point == KillPoint.DuringCapture)
                    {
                        if (KillCapture(dataset, random, row, out var durable)) row.CrashesSurvived++;
                        frames = DrillData.CheckDataset(dataset, row, frames);
                        durableFrames += DrillData.CheckDurable(dataset, durable, row);
                        kinds.Add("capture");
                        continue;
                    }
                    bool resume = File.Exists(checkpoint);
                    if (KillTraining(point, dataset, run, resume, lastStep, random, row, out string where)) row.CrashesSurvived++;
                    kinds.Add(where);
                    if (File.Exists(checkpoint))
                    {
                        var loaded = Load(checkpoint, row);
                        if (loaded != null)
                        {
                            if (loaded.State.Step < lastStep) row.Lost($"{checkpoint} went back from step {lastStep} to {loaded.State.Step}");
                            lastStep = Math.Max(lastStep, loaded.State.Step);
                        }
                    }
                }

                // The run resumes and completes the epoch after the last kill.
                var last = File.Exists(checkpoint) ? Load(checkpoint, row) : null;
                int target = (last?.State.Epoch ?? 0) + 1;
                var finish = ChildCli.Start(TrainArgs(dataset, run, last != null, target));
                row.InputsTried++;
                if (!finish.WaitForExit(TimeSpan.FromSeconds(120)))
                {
                    finish.Kill();
                    row.Problem($"the final `train --resume --epochs {target}` did not finish within 120 s");
                }
                else if (finish.ExitCode != 0)
                {
                    if (finish.ReportedUnhandledException) row.Unhandled("final resume: " + FirstLines(finish.Error));
                    else row.Problem($"the final resume exited with {finish.ExitCode}: {FirstLines(finish.Error)}");
                }
                else
                {
                    var final = Load(checkpoint, row);
                    if (final != null && final.State.Epoch != target) row.Problem($"the resumed run ended at epoch {final.State.Epoch}, not {target}");
                    if (final != null && final.State.Step <= lastStep) row.Problem($"the resumed run ended at step {final.State.Step}: it did not continue past the killed run's step {lastStep}");
                }
                finish.Dispose();
                DrillData.CheckDataset(dataset, row, frames);
                row.Detail = $"seed {seed}: killed {string.Join(", ", kinds)}; resumed to epoch {target}; {durableFrames} frames reported written before the capture kills, each checked after reopening";
            }
            catch (Exception e)
            {
                row.Unhandled(e.GetType().Name + ": " + e.Message);
            }
            finally
            {
                if (workFolder == null) DrillData.TryDelete(work);
            }
            row.Seconds = clock.Elapsed.TotalSeconds;
            return row;
        }

        static string[] TrainArgs(string dataset, string run, bool resume, int epochs)
        {
            var args = new System.Collections.Generic.List<string>
            {
                "train", "--data", dataset, "--out", run, "--epochs", epochs.ToString(CultureInfo.InvariantCulture),
                "--batch", "4", "--lr", "0.002", "--threads", "1", "--engine", "cpu", "--checkpoint-every", "1", "--json",
            };
            if (resume) args.Add("--resume");
            return args.ToArray();
        }

        static Checkpoint? Load(string file, ReliabilityRow row)
        {
            try
            {
                return CheckpointFile.Load(file);
            }
            catch (CheckpointException e)
            {
                row.Lost(e.Message);
                return null;
            }
        }

        /// <summary>Kills a capture mid-write; <paramref name="durable"/> gets the frames it reported written before the kill.</summary>
        static bool KillCapture(string dataset, Random random, ReliabilityRow row, out System.Collections.Generic.List<string> durable)
        {
            durable = new System.Collections.Generic.List<string>();
            using var child = ChildCli.Start("debug-write-frames", dataset, "--size", "32", "--delay-ms", "1", "--seconds", "30");
            var clock = Stopwatch.StartNew();
            while (!child.Output.Contains("writing") && !child.HasExited && clock.Elapsed.TotalSeconds < 60) Thread.Sleep(5);
            if (child.HasExited)
            {
                if (child.ReportedUnhandledException) row.Unhandled("debug-write-frames: " + FirstLines(child.Error));
                else row.Problem($"debug-write-frames exited ({child.ExitCode}) before it could be killed: {FirstLines(child.Error)}");
                return false;
            }
            Thread.Sleep(20 + random.Next(300));
            bool running = !child.HasExited;
            child.Kill();
            // Read after the kill: every line the child printed before it died names a frame reported written.
            foreach (var line in child.Output.Split('\n'))
                if (line.StartsWith(Commands.DebugWriteFramesCommand.DurablePrefix, StringComparison.Ordinal))
                    durable.Add(line.Substring(Commands.DebugWriteFramesCommand.DurablePrefix.Length).Trim());
            return running;
        }

        static bool KillTraining(KillPoint point, string dataset, string run, bool resume, long lastStep, Random random, ReliabilityRow row, out string where)
        {
            string checkpoint = new RunFolder(run).Checkpoint;
            string temp = Path.GetFullPath(checkpoint) + ".tmp";
            where = point == KillPoint.DuringStartup ? "startup" : point == KillPoint.DuringStep ? "step" : "checkpoint write";
            using var child = ChildCli.Start(TrainArgs(dataset, run, resume, 1000));
            var clock = Stopwatch.StartNew();
            var limit = TimeSpan.FromSeconds(90);
            if (point == KillPoint.DuringStartup)
            {
                Thread.Sleep(100 + random.Next(1500));
            }
            else
            {
                // Wait for progress past the last checkpoint, then a few more steps.
                long wanted = lastStep + 1 + random.Next(3);
                while (!child.HasExited && clock.Elapsed < limit && StepIn(checkpoint) < wanted) Thread.Sleep(5);
                if (point == KillPoint.DuringStep)
                {
                    Thread.Sleep(random.Next(120));
                }
                else
                {
                    // Catch a checkpoint write in progress: its temporary file exists until the rename.
                    var writes = Stopwatch.StartNew();
                    while (!child.HasExited && !File.Exists(temp) && writes.Elapsed.TotalSeconds < 20) Thread.SpinWait(200);
                    if (!File.Exists(temp)) where = "checkpoint write (missed; killed between writes)";
                }
            }
            if (child.HasExited)
            {
                if (child.ReportedUnhandledException) row.Unhandled("train: " + FirstLines(child.Error));
                else row.Problem($"train exited ({child.ExitCode}) before it could be killed ({where}): {FirstLines(child.Error)}");
                return false;
            }
            if (clock.Elapsed >= limit) row.Problem($"train made no progress past step {lastStep} within {limit.TotalSeconds} s");
            child.Kill();
            return true;
        }

        static long StepIn(string file)
        {
            try
            {
                return File.Exists(file) ? CheckpointFile.Load(file).State.Step : 0;
            }
            catch (CheckpointException)
            {
                // Only a rename ever replaces the file: a reader never sees a half-written checkpoint. Counted by the caller's Load.
                return 0;
            }
            catch (IOException)
            {
                return 0;
            }
        }

        // The end of a child's stderr says why it stopped.
        static string FirstLines(string text)
        {
            var lines = text.Trim().Split('\n');
            int from = Math.Max(0, lines.Length - 4);
            return string.Join(" | ", lines, from, lines.Length - from).Trim();
        }
    }
}
