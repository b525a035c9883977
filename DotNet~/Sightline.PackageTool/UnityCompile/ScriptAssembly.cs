using System.Collections.Generic;
using System.Linq;

namespace Sightline.PackageTool.UnityCompile
{
    /// <summary>What kind of assembly Unity builds from a group of scripts.</summary>
    public enum ScriptAssemblyKind
    {
        /// <summary>An .asmdef (and the .asmref folders pointing at it).</summary>
        AssemblyDefinition,
        /// <summary>Assembly-CSharp: an imported sample's scripts outside any asmdef and outside Editor folders.</summary>
        PredefinedRuntime,
        /// <summary>Assembly-CSharp-Editor: an imported sample's scripts in folders named Editor.</summary>
        PredefinedEditor,
    }

    /// <summary>One assembly Unity would compile: its name, rules (the asmdef, if any) and source files.</summary>
    public sealed class ScriptAssembly
    {
        public ScriptAssembly(string name, ScriptAssemblyKind kind, AssemblyDefinition? definition, string origin)
        {
            Name = name;
            Kind = kind;
            Definition = definition;
            Origin = origin;
        }

        public string Name { get; }
        public ScriptAssemblyKind Kind { get; }
        public AssemblyDefinition? Definition { get; }
        /// <summary>Where it comes from, for the report: the asmdef path or the sample folder.</summary>
        public string Origin { get; }
        public List<string> Sources { get; } = new List<string>();

        public bool IsEditorOnly => Kind == ScriptAssemblyKind.PredefinedEditor || (Definition?.IsEditorOnly ?? false);
        public bool AutoReferenced => Definition?.AutoReferenced ?? false;
        public bool NoEngineReferences => Definition?.NoEngineReferences ?? false;

        /// <summary>The asmdef names it references (a predefined assembly references every auto-referenced one instead).</summary>
        public IEnumerable<string> References => Definition?.References ?? Enumerable.Empty<string>();

        public override string ToString() => Name;
    }
}
