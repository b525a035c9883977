namespace Sightline.Editor.Training.Runs
{
    /// <summary>Where a run stands, as its run.json says.</summary>
    public enum RunState
    {
        /// <summary>Training (or the editor stopped without a chance to say otherwise: a crash).</summary>
        Running,
        /// <summary>The editor stopped it (a script reload, entering Play mode, quitting) after saving a checkpoint: Resume continues it.</summary>
        Interrupted,
        /// <summary>Stopped by the user (Stop, or Cancel in the Progress window) after saving a checkpoint.</summary>
        Stopped,
        /// <summary>Ended on its own: all epochs, early stop, a target or time budget reached.</summary>
        Finished,
        /// <summary>Failed or diverged; <see cref="RunRecord.Outcome"/> says why.</summary>
        Failed,
    }
}
