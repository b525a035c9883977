using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Sightline.PackageTool.UnityCompile
{
    /// <summary>
    /// versionDefines as Unity 2022.3 evaluates them (EditorCompilation.GetTargetAssemblyDefines, VersionRanges.cs,
    /// ExpressionTypeFactory.cs): a define is added when the named package ("Unity" for the editor itself) is present
    /// and its version matches the expression. Expressions: "1.2" (x >= 1.2), "[1.2]" (x == 1.2), "[1.2,2.0]",
    /// "(1.2,2.0)", "[1.2,2.0)", "(1.2,2.0]", "(1.2,)" (x > 1.2), "(,2.0]" (x &lt;= 2.0), "(,2.0)" (x &lt; 2.0); an empty
    /// expression matches any version. Any other form is invalid (Unity logs it and adds nothing): an error here.
    /// </summary>
    public static class VersionDefineEvaluator
    {
        /// <summary>The name versionDefines use for the editor's own version.</summary>
        public const string UnityPackageName = "Unity";

        public static IEnumerable<string> Defines(AssemblyDefinition asm, IReadOnlyDictionary<string, string> packageVersions)
        {
            foreach (var vd in asm.VersionDefines)
            {
                if (!packageVersions.TryGetValue(vd.Name, out var version)) continue;
                if (vd.Expression.Length == 0 || Matches(vd.Expression, version, asm.Path, isUnity: vd.Name == UnityPackageName)) yield return vd.Define;
            }
        }

        public static bool Matches(string expression, string version, string where, bool isUnity = false)
        {
            string e = expression.Trim();
            char left = e[0] == '[' || e[0] == '(' ? e[0] : '\0';
            char right = e[e.Length - 1] == ']' || e[e.Length - 1] == ')' ? e[e.Length - 1] : '\0';
            if ((left == '\0') != (right == '\0'))
                throw Invalid(expression, where, "a bracket opens or closes without its pair");
            string inner = e.Substring(left == '\0' ? 0 : 1, e.Length - (left == '\0' ? 0 : 2));
            bool separator = inner.Contains(',');
            var parts = inner.Split(',');
            if (parts.Length > 2) throw Invalid(expression, where, "more than one ','");
            string lo = parts[0].Trim(), hi = parts.Length > 1 ? parts[1].Trim() : "";
            var x = Parse(version, where);
            int Cmp(string v) => Compare(x, Parse(v, where), isUnity);
            switch (left, right, separator, lo.Length > 0, hi.Length > 0)
            {
                case ('\0', '\0', false, true, false): return Cmp(lo) >= 0;
                case ('(', ')', true, true, false): return Cmp(lo) > 0;
                case ('[', ']', false, true, false): return Cmp(lo) == 0;
                case ('(', ']', true, false, true): return Cmp(hi) <= 0;
                case ('(', ']', true, true, true): return Cmp(lo) > 0 && Cmp(hi) <= 0;
                case ('(', ')', true, false, true): return Cmp(hi) < 0;
                case ('[', ']', true, true, true): return Cmp(lo) >= 0 && Cmp(hi) <= 0;
                case ('(', ')', true, true, true): return Cmp(lo) > 0 && Cmp(hi) < 0;
                case ('[', ')', true, true, true): return Cmp(lo) >= 0 && Cmp(hi) < 0;
                default: throw Invalid(expression, where, "not one of Unity's range forms");
            }
        }

        static UnityCompileException Invalid(string expression, string where, string why) =>
            new UnityCompileException($"{where}: versionDefines expression '{expression}' is invalid in Unity 2022.3 ({why})");

        /// <summary>Numeric parts, then a pre-release or Unity release tag ("-preview.3", "f1"); a tag sorts before none.</summary>
        static (int[] numbers, string tag) Parse(string version, string where)
        {
            string v = version.Trim();
            int cut = v.IndexOfAny("-+abfpx".ToCharArray());
            string numeric = cut < 0 ? v : v.Substring(0, cut);
            string tag = cut < 0 ? "" : v.Substring(cut).TrimStart('-');
            var numbers = numeric.Split('.');
            if (numbers.Length == 0 || numbers.Any(n => !int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw new UnityCompileException($"{where}: '{version}' is not a version");
            return (numbers.Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray(), tag);
        }

        static int Compare((int[] numbers, string tag) a, (int[] numbers, string tag) b, bool isUnity)
        {
            for (int i = 0; i < Math.Max(a.numbers.Length, b.numbers.Length); i++)
            {
                int x = i < a.numbers.Length ? a.numbers[i] : 0, y = i < b.numbers.Length ? b.numbers[i] : 0;
                if (x != y) return x.CompareTo(y);
            }
            if (a.tag == b.tag) return 0;
            if (a.tag.Length > 0 && b.tag.Length > 0) return string.CompareOrdinal(a.tag, b.tag); // a < b < f < p; alpha < beta
            // Unity: "2022.3" in an expression covers 2022.3.0f1. Semver: 1.0.0-pre sorts before 1.0.0.
            if (isUnity) return 0;
            return a.tag.Length == 0 ? 1 : -1;
        }
    }
}
