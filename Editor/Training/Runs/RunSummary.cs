#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Sightline.Editor.Training.Runs
{
    /// <summary>
    /// One row of the Training window's Runs list: a run folder's record and what its epoch log adds (epochs done,
    /// training time, best validation accuracy), read from run.json and metrics.jsonl without loading a checkpoint.
    /// </summary>
    public sealed class RunSummary
    {
        RunSummary(string folder, RunRecord record, int epochs, double seconds, double bestValidationTop1)
        {
            Folder = folder;
            Record = record;
            EpochsDone = epochs;
            TrainingSeconds = seconds;
            BestValidationTop1 = bestValidationTop1;
        }

        public string Folder { get; }
        public string Name => Path.GetFileName(Folder);
        public RunRecord Record { get; }
        public int EpochsDone { get; }
        /// <summary>Seconds spent training (the epochs' own times, so interruptions and restarts do not count).</summary>
        public double TrainingSeconds { get; }
        /// <summary>The best validation top-1 accuracy over the logged epochs (NaN: none logged or no validation split).</summary>
        public double BestValidationTop1 { get; }

        /// <summary>
        /// The runs in the folders directly under <paramref name="runsRoot"/> (each with a run.json), newest first.
        /// Folders without a record are not runs of the window and are left out; a damaged record is listed in
        /// <paramref name="problems"/> with its folder.
        /// </summary>
        public static List<RunSummary> ListIn(string runsRoot, List<string> problems)
        {
            var runs = new List<RunSummary>();
            if (string.IsNullOrWhiteSpace(runsRoot) || !Directory.Exists(runsRoot)) return runs;
            foreach (var folder in Directory.GetDirectories(runsRoot))
            {
                RunRecord? record;
                try
                {
                    record = RunRecord.Load(folder);
                }
                catch (Exception e) when (e is FormatException || e is IOException || e is UnauthorizedAccessException)
                {
                    problems.Add(e.Message);
                    continue;
                }
                if (record == null) continue;
                var epochs = new EpochLog(folder).Read(out int unreadable);
                if (unreadable > 0) problems.Add($"{unreadable} line(s) of {Path.Combine(folder, EpochLog.FileName)} could not be read");
                double seconds = epochs.Sum(e => double.IsNaN(e.Metrics.Seconds) ? 0 : e.Metrics.Seconds);
                var validation = epochs.Select(e => 1 - e.Metrics.ValidationTop1Error).Where(a => !double.IsNaN(a)).ToList();
                runs.Add(new RunSummary(folder, record, epochs.Count, seconds, validation.Count > 0 ? validation.Max() : double.NaN));
            }
            runs.Sort((a, b) => b.Record.StartedUtc.CompareTo(a.Record.StartedUtc));
            return runs;
        }
    }
}
