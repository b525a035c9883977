namespace Sightline.Training.Sessions
{
    /// <summary>Why a training run ended.</summary>
    public enum StopReason
    {
        /// <summary>All epochs ran.</summary>
        Completed,
        /// <summary>Stopped through the cancellation token; a checkpoint of the position was saved.</summary>
        Cancelled,
        /// <summary>The loss became NaN/Inf or exploded; the last good checkpoint was kept and nothing newer was written.</summary>
        Diverged,
        /// <summary>The validation error had not improved for TrainingSettings.EarlyStopPatience epochs.</summary>
        EarlyStopped,
        /// <summary>The validation error reached <see cref="StopConditions.TargetValidationError"/>.</summary>
        TargetReached,
        /// <summary>Another epoch would have ended past <see cref="StopConditions.TimeBudgetSeconds"/>.</summary>
        OutOfTime,
    }
}
