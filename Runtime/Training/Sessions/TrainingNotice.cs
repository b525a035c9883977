namespace Sightline.Training.Sessions
{
    /// <summary>Something a person watching the run should know: a learning-rate drop, a loss stuck at chance, divergence.</summary>
    public sealed class TrainingNotice
    {
        public TrainingNotice(long step, string message)
        {
            Step = step;
            Message = message;
        }

        public long Step { get; }
        public string Message { get; }
        public override string ToString() => Message;
    }
}
