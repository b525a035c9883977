#nullable enable
using System;
using System.Collections.Generic;
using System.IO;

namespace Sightline.Editor.Training
{
    /// <summary>
    /// The training runs going on in this editor, whichever window started them: a Training window that is closed and
    /// reopened finds its run here and shows it again, and before the editor unloads scripts or quits every run is
    /// interrupted here (checkpoint saved, run.json says Interrupted) so none is lost and no engine is left behind.
    /// Statics live until the next script reload, which is exactly as long as a run's thread can.
    /// </summary>
    public static class ActiveTrainingRuns
    {
        static readonly List<TrainingRun> s_runs = new List<TrainingRun>();

        public static void Add(TrainingRun run)
        {
            if (run == null) throw new ArgumentNullException(nameof(run));
            lock (s_runs)
            {
                s_runs.RemoveAll(r => !r.IsRunning);
                s_runs.Add(run);
            }
        }

        /// <summary>The run training in <paramref name="runFolder"/>, or null.</summary>
        public static TrainingRun? Find(string runFolder)
        {
            string folder = Path.GetFullPath(runFolder);
            lock (s_runs)
                return s_runs.Find(r => r.IsRunning && string.Equals(r.RunFolder, folder, StringComparison.Ordinal));
        }

        /// <summary>The runs registered since the last script reload that are still training, or ended since the last call to <see cref="Add"/>.</summary>
        public static List<TrainingRun> Snapshot()
        {
            lock (s_runs) return new List<TrainingRun>(s_runs);
        }

        public static int Count
        {
            get
            {
                lock (s_runs) return s_runs.FindAll(r => r.IsRunning).Count;
            }
        }

        /// <summary>
        /// Interrupts every run for <paramref name="reason"/> and waits up to <paramref name="timeout"/> in all for their
        /// checkpoints: each stops after its current step. Returns one line per run for the Console (what was saved, or
        /// that a run did not stop in time and resumes from its previous checkpoint).
        /// </summary>
        public static List<string> InterruptAll(string reason, TimeSpan timeout)
        {
            List<TrainingRun> runs;
            lock (s_runs)
            {
                runs = s_runs.FindAll(r => r.IsRunning);
            }
            foreach (var run in runs) run.Interrupt(reason);
            var lines = new List<string>();
            var deadline = DateTime.UtcNow + timeout;
            foreach (var run in runs)
            {
                var left = deadline - DateTime.UtcNow;
                bool stopped = run.WaitUntilStopped(left > TimeSpan.Zero ? left : TimeSpan.Zero);
                lines.Add(stopped
                    ? $"Sightline training in {run.RunFolder} was interrupted by {reason}: {run.Status}. Open Window > Sightline > Training and press Resume to continue it exactly."
                    : $"Sightline training in {run.RunFolder} did not stop within {timeout.TotalSeconds:0} s for {reason}; Resume continues from its last saved checkpoint.");
            }
            return lines;
        }
    }
}
