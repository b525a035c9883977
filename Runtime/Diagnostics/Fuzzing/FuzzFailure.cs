namespace Sightline.Reliability.Fuzzing
{
    /// <summary>A case that ended in a foreign exception, a hang or a memory blow-up; reproduce it with <see cref="FuzzRunner.CaseInput"/>.</summary>
    public sealed class FuzzFailure
    {
        public FuzzFailure(long caseIndex, string kind, string exceptionType, string message, string mutations, int inputLength)
        {
            CaseIndex = caseIndex;
            Kind = kind;
            ExceptionType = exceptionType;
            Message = message;
            Mutations = mutations;
            InputLength = inputLength;
        }

        public long CaseIndex { get; }
        /// <summary>"exception", "hang", "memory" or "message" (our exception type, but its message does not name the file).</summary>
        public string Kind { get; }
        public string ExceptionType { get; }
        public string Message { get; }
        /// <summary>What was done to the seed file, one mutation per line.</summary>
        public string Mutations { get; }
        public int InputLength { get; }
        /// <summary>Where the input was saved, when <see cref="FuzzSettings.SaveFailuresTo"/> was set.</summary>
        public string? SavedTo { get; set; }

        public override string ToString() => $"case {CaseIndex}: {Kind}: {ExceptionType}: {Message}";
    }
}
