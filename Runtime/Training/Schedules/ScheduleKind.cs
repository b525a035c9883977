namespace Sightline.Training.Schedules
{
    /// <summary>How the learning rate changes over a run.</summary>
    public enum ScheduleKind
    {
        /// <summary>The paper: divide by 10 when the validation error stops improving, at most three times.</summary>
        Plateau = 0,
        /// <summary>Divide by 10 at fixed epochs.</summary>
        Steps = 1,
        /// <summary>
        /// A linear warm-up, then half a cosine from the rate down to 0 at the last step: for a fixed epoch budget, where
        /// a plateau rarely has time to be detected.
        /// </summary>
        Cosine = 2,
    }
}
