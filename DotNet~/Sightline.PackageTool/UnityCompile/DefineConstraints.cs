using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Sightline.PackageTool.UnityCompile
{
    /// <summary>
    /// An asmdef's defineConstraints, evaluated as Unity 2022.3 does (DefineConstraintsHelper.cs): every constraint
    /// must hold; one constraint is symbols joined by "||", each optionally negated with "!", and holds when any
    /// plain symbol is defined or any negated symbol is not.
    /// </summary>
    public static class DefineConstraints
    {
        static readonly Regex Symbol = new Regex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        public static bool IsValid(string constraint)
        {
            if (string.IsNullOrWhiteSpace(constraint)) return false;
            foreach (var part in constraint.Split("||"))
            {
                string term = part.Trim(' ', '\t');
                if (term.StartsWith("!", StringComparison.Ordinal)) term = term.Substring(1);
                if (!Symbol.IsMatch(term)) return false;
            }
            return true;
        }

        public static bool AllHold(IEnumerable<string> constraints, ISet<string> defines) => constraints.All(c => Holds(c, defines));

        static bool Holds(string constraint, ISet<string> defines)
        {
            var terms = constraint.Split("||").Select(t => t.Trim(' ', '\t')).ToList();
            var expected = new HashSet<string>(terms.Where(t => !t.StartsWith("!", StringComparison.Ordinal)), StringComparer.Ordinal);
            var notExpected = new HashSet<string>(terms.Where(t => t.StartsWith("!", StringComparison.Ordinal)).Select(t => t.Substring(1)), StringComparer.Ordinal);
            // A symbol named both ways drops out of both lists; nothing left makes the constraint invalid (never holds).
            var overlap = new HashSet<string>(expected.Intersect(notExpected), StringComparer.Ordinal);
            expected.ExceptWith(overlap);
            notExpected.ExceptWith(overlap);
            if (expected.Count == 0 && notExpected.Count == 0) return false;
            bool anyExpected = expected.Any(defines.Contains);
            // Unity's negated terms hold together: one defined negated symbol fails them all.
            bool noneOfNotExpected = !notExpected.Any(defines.Contains);
            if (notExpected.Count == 0) return anyExpected;
            if (expected.Count == 0) return noneOfNotExpected;
            return anyExpected || noneOfNotExpected;
        }
    }
}
