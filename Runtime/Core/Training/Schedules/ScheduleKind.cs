namespace Sightline.Training.Schedules
{
    /// <summary>How the learning rate changes over a run.</summary>
    public enum ScheduleKind
    {
        /// <summary>The paper: divide by 10 when the validation error stops improving, at most three times.</summary>
        Plateau = 0,
        /// <summary>Divide by 10 at fixed epochs.</summary>
        Steps = 1,
    }
}
