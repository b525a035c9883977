#nullable enable
using System;
using System.IO;
using Sightline.Editor.Training.Runs;
using Sightline.Training.Sessions;

namespace Sightline.Editor.Training
{
    /// <summary>
    /// What the Training window knows about its run folder, apart from its GUI: the run training there (started here,
    /// or found in <see cref="ActiveTrainingRuns"/> after the window was closed and reopened), or else the run the
    /// folder holds on disk (run.json, metrics.jsonl, checkpoint) with its curves and, when the editor interrupted it
    /// (a script reload, quitting) or stopped while it trained, an offer to resume it. A script reload destroys this
    /// object with the window's other managed state; the window rebuilds it from the run folder field, which Unity
    /// keeps. No Unity calls, so tests drive it as the window does.
    /// </summary>
    public sealed class TrainingWindowState : IDisposable
    {
        public TrainingWindowState(string runFolder)
        {
            Open(runFolder);
        }

        /// <summary>The run folder (absolute).</summary>
        public string RunFolder { get; private set; } = "";
        /// <summary>The run training in the folder, or the last one this state started or resumed.</summary>
        public TrainingRun? Run { get; private set; }
        /// <summary>The folder's run.json, when there is no live run (null: none, or unreadable: see <see cref="Problem"/>).</summary>
        public RunRecord? Record { get; private set; }
        /// <summary>The curves of the folder's logged epochs (empty when nothing was logged).</summary>
        public RunCurves LoggedCurves { get; private set; } = new RunCurves();
        /// <summary>What the window says about a run that can be resumed ("" when there is none to offer).</summary>
        public string ResumeOffer { get; private set; } = "";
        /// <summary>Why the folder's run could not be read ("" when it could).</summary>
        public string Problem { get; private set; } = "";
        public bool CanResume => ResumeOffer.Length > 0;

        /// <summary>Looks at <paramref name="runFolder"/>: its live run, else what it holds on disk.</summary>
        public void Open(string runFolder)
        {
            RunFolder = Path.GetFullPath(string.IsNullOrWhiteSpace(runFolder) ? "." : runFolder);
            var live = ActiveTrainingRuns.Find(RunFolder);
            if (live != null)
            {
                Run = live;
                Record = null;
                ResumeOffer = "";
                Problem = "";
                return;
            }
            if (Run != null && !string.Equals(Run.RunFolder, RunFolder, StringComparison.Ordinal)) Run = null;
            Refresh();
        }

        /// <summary>Reads the folder's record and log again (after a run in it ended).</summary>
        public void Refresh()
        {
            Problem = "";
            ResumeOffer = "";
            try
            {
                Record = RunRecord.Load(RunFolder);
            }
            catch (Exception e) when (e is FormatException || e is IOException || e is UnauthorizedAccessException)
            {
                Record = null;
                Problem = e.Message;
            }
            var log = new EpochLog(RunFolder);
            int unreadable = 0;
            LoggedCurves = new RunCurves();
            try
            {
                foreach (var epoch in log.Read(out unreadable)) LoggedCurves.AddEpoch(epoch);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Problem = $"cannot read {log.Path}: {e.Message}";
            }
            if (unreadable > 0) Problem = $"{unreadable} line(s) of {log.Path} could not be read (a write cut short) and are not shown";
            if (Record == null || !new RunFolder(RunFolder).HasCheckpoint || (Run != null && Run.IsRunning)) return;
            int epochs = LoggedCurves.TrainAccuracy.Count;
            if (Record.State == RunState.Interrupted)
                ResumeOffer = $"{Record.Outcome}. {epochs} of {Record.Epochs} epochs done. Resume continues it exactly from its checkpoint.";
            else if (Record.State == RunState.Running)
                ResumeOffer = $"This run was still training when the editor stopped ({epochs} of {Record.Epochs} epochs done). Resume continues it from its last checkpoint.";
        }

        /// <summary>Starts <paramref name="request"/> (a new run, a resume, a fine-tune) in the background and registers it.</summary>
        public TrainingRun Start(TrainingRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (Run != null && Run.IsRunning) throw new InvalidOperationException($"a run is already training in {Run.RunFolder}");
            var run = new TrainingRun(request);
            RunFolder = run.RunFolder;
            Run = run;
            ResumeOffer = "";
            run.Start();
            ActiveTrainingRuns.Add(run);
            return run;
        }

        /// <summary>Resumes the run <see cref="ResumeOffer"/> describes, with the data, engine and placement it was started with.</summary>
        public TrainingRun ResumeOffered()
        {
            if (!CanResume || Record == null) throw new InvalidOperationException($"there is no interrupted run to resume in {RunFolder}");
            return Start(Record.ResumeRequest(RunFolder));
        }

        /// <summary>The window goes away; a live run goes on (registered in <see cref="ActiveTrainingRuns"/>).</summary>
        public void Dispose()
        {
            Run = null;
            Record = null;
        }
    }
}
