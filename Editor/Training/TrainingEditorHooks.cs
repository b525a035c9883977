#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using UnityEditor;
using UnityEngine;

namespace Sightline.Editor.Training
{
    /// <summary>
    /// Connects the editor's life to the training runs in <see cref="ActiveTrainingRuns"/>: before a script reload
    /// (which also happens on entering Play mode) and when the editor quits, every run stops after its current step
    /// with a checkpoint, so the Training window offers Resume afterwards; and each run is a background task in
    /// Window > General > Progress (and the status bar), with Cancel stopping it as Stop does.
    /// </summary>
    [InitializeOnLoad]
    static class TrainingEditorHooks
    {
        // The domain is about to go: the run's thread goes with it, so waiting here (for one step and a checkpoint
        // write) is the only way to keep its position. Bounded, so the editor never hangs on a stuck engine.
        static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
        static readonly Dictionary<TrainingRun, int> s_progress = new Dictionary<TrainingRun, int>();

        static TrainingEditorHooks()
        {
            AssemblyReloadEvents.beforeAssemblyReload += () => Interrupt("a script reload");
            EditorApplication.quitting += () => Interrupt("the editor quitting");
            EditorApplication.update += ReportProgress;
        }

        static void Interrupt(string reason)
        {
            if (ActiveTrainingRuns.Count == 0) return;
            foreach (var line in ActiveTrainingRuns.InterruptAll(reason, StopTimeout)) Debug.Log(line);
            ReportProgress();
        }

        static void ReportProgress()
        {
            foreach (var run in ActiveTrainingRuns.Snapshot())
                if (run.IsRunning && !s_progress.ContainsKey(run))
                {
                    int id = Progress.Start("Sightline training", Path.GetFileName(run.RunFolder));
                    var stopping = run;
                    Progress.RegisterCancelCallback(id, () =>
                    {
                        stopping.Stop();
                        return true;
                    });
                    s_progress[run] = id;
                }
            if (s_progress.Count == 0) return;
            List<TrainingRun>? ended = null;
            foreach (var pair in s_progress)
            {
                var run = pair.Key;
                if (!Progress.Exists(pair.Value)) continue;
                if (run.IsRunning)
                {
                    Progress.Report(pair.Value, (float)run.Progress, run.Status);
                    continue;
                }
                var task = run.Task;
                var status = task != null && task.IsFaulted ? Progress.Status.Failed
                    : run.InterruptedBy != null || (task != null && task.Status == System.Threading.Tasks.TaskStatus.RanToCompletion && task.Result.Reason == Sightline.Training.Sessions.StopReason.Cancelled) ? Progress.Status.Canceled
                    : Progress.Status.Succeeded;
                Progress.Report(pair.Value, (float)run.Progress, run.Status);
                Progress.Finish(pair.Value, status);
                (ended ??= new List<TrainingRun>()).Add(run);
            }
            if (ended != null)
                foreach (var run in ended) s_progress.Remove(run);
        }
    }
}
