using System;
using System.Globalization;
using Sightline.Training.Metrics;
using Sightline.Training.Schedules;

namespace Sightline.Training.Sessions
{
    /// <summary>
    /// When a session ends before its last epoch, checked at each epoch's end after its checkpoint is written (so the
    /// run can be resumed or used): early stopping (TrainingSettings.EarlyStopPatience), a target validation error,
    /// and a time budget. Not saved in checkpoints: a resumed run says again what it stops at.
    /// </summary>
    public sealed class StopConditions
    {
        /// <summary>Stop once the validation top-1 error is at or below this (0: never).</summary>
        public double TargetValidationError { get; set; }
        /// <summary>Do not start an epoch that would end more than this many seconds after Run started (0: no limit).</summary>
        public double TimeBudgetSeconds { get; set; }

        /// <summary>The reason and a sentence when the run should stop after <paramref name="epoch"/>; null to go on.</summary>
        public (StopReason reason, string message)? After(EpochMetrics epoch, ScheduleState state, TrainingSettings settings, double secondsSoFar)
        {
            var c = CultureInfo.InvariantCulture;
            if (TargetValidationError > 0 && epoch.ValidationTop1Error <= TargetValidationError)
                return (StopReason.TargetReached, string.Format(c, "reached the target validation top-1 of {0:0.#}% after {1} epochs", 100 * (1 - TargetValidationError), epoch.Epoch));
            if (settings.EarlyStopPatience > 0 && state.EpochsSinceBest >= settings.EarlyStopPatience)
                return (StopReason.EarlyStopped, string.Format(c, "stopped early after {0} epochs: validation top-1 error has not improved for {1} epochs (best {2:0.0}%)", epoch.Epoch, state.EpochsSinceBest, 100 * state.BestValidationError));
            // The next epoch will take about as long as this one.
            if (TimeBudgetSeconds > 0 && secondsSoFar + epoch.Seconds > TimeBudgetSeconds)
                return (StopReason.OutOfTime, string.Format(c, "stopped after {0} epochs: another would end past the time budget of {1:0} s", epoch.Epoch, TimeBudgetSeconds));
            return null;
        }

        /// <summary>Throws ArgumentException when a condition is out of range.</summary>
        public void Validate()
        {
            if (!(TargetValidationError >= 0 && TargetValidationError < 1)) throw new ArgumentException($"the target validation error must be in [0, 1) (got {TargetValidationError})");
            if (!(TimeBudgetSeconds >= 0) || double.IsInfinity(TimeBudgetSeconds)) throw new ArgumentException($"the time budget must be 0 (none) or a positive number of seconds (got {TimeBudgetSeconds})");
        }
    }
}
