using System.Collections.Generic;

namespace Sightline.PackageTool.UnityCompile
{
    /// <summary>What happened to one assembly under one define set.</summary>
    public enum CompileState
    {
        /// <summary>Compiled without errors.</summary>
        Compiled,
        /// <summary>Unity does not build it for this set (platforms, defineConstraints, a test assembly in a player).</summary>
        NotIncluded,
        /// <summary>Compiler errors.</summary>
        Failed,
        /// <summary>Not compiled because an assembly it references failed (Unity stops there too).</summary>
        Blocked,
    }

    /// <summary>One assembly's result for one define set, with its errors formatted as the compiler reports them.</summary>
    public sealed class CompileOutcome
    {
        public CompileOutcome(string assembly, string set, CompileState state, IReadOnlyList<string> errors, string? note = null)
        {
            Assembly = assembly;
            Set = set;
            State = state;
            Errors = errors;
            Note = note;
        }

        /// <summary>The assembly as the report names it (samples' predefined assemblies carry the sample in brackets).</summary>
        public string Assembly { get; }
        public string Set { get; }
        public CompileState State { get; }
        public IReadOnlyList<string> Errors { get; }
        /// <summary>Why it was not included or blocked.</summary>
        public string? Note { get; }
    }
}
