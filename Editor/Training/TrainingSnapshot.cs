#nullable enable
using Sightline.Editor.Training.Runs;
using Sightline.Training.Evaluation;

namespace Sightline.Editor.Training
{
    /// <summary>
    /// The state of a training run as the Training window draws it, copied once per IMGUI Layout event. The run
    /// changes on a background thread at any moment; IMGUI requires the same controls in an event's Layout and
    /// Repaint passes, so a help box or a confusion matrix that appeared in between would make it throw.
    /// </summary>
    sealed class TrainingSnapshot
    {
        public static readonly TrainingSnapshot None = new TrainingSnapshot(null, false, 0, "", null, null, null, "", "");

        TrainingSnapshot(TrainingRun? run, bool running, double progress, string status, string? failure, ConfusionMatrix? confusion, RunCurves? curves, string resumeOffer, string problem)
        {
            Curves = curves;
            ResumeOffer = resumeOffer;
            Problem = problem;
            Run = run;
            Running = running;
            Progress = progress;
            Status = status;
            Failure = failure;
            Confusion = confusion;
        }

        public TrainingRun? Run { get; }
        public bool Running { get; }
        public double Progress { get; }
        public string Status { get; }
        /// <summary>Why the run failed, or null.</summary>
        public string? Failure { get; }
        public ConfusionMatrix? Confusion { get; }
        /// <summary>The live run's curves, else those logged in the run folder.</summary>
        public RunCurves? Curves { get; }
        /// <summary>The offer to resume an interrupted run ("" when none).</summary>
        public string ResumeOffer { get; }
        /// <summary>Why the run folder's files could not be read ("" when they could).</summary>
        public string Problem { get; }

        public static TrainingSnapshot Of(TrainingWindowState state)
        {
            var run = state.Run;
            if (run == null) return new TrainingSnapshot(null, false, 0, "", null, null, state.LoggedCurves, state.ResumeOffer, state.Problem);
            var task = run.Task;
            string? failure = task != null && task.IsFaulted ? task.Exception?.GetBaseException().Message ?? "training failed" : null;
            return new TrainingSnapshot(run, task != null && !task.IsCompleted, run.Progress, run.Status, failure, run.Confusion, run.Curves, state.ResumeOffer, state.Problem);
        }
    }
}
