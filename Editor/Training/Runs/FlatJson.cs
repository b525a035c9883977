#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Sightline.Editor.Training.Runs
{
    /// <summary>
    /// One flat JSON object per line: string, number, boolean and null values, no nesting. The run folder's files
    /// (run.json, metrics.jsonl) are this simple so that any tool (a notebook, jq, a spreadsheet import) reads them,
    /// and so the Editor needs no JSON library beyond what .NET Standard 2.1 has. NaN and infinities are written as
    /// null, which JSON has instead.
    /// </summary>
    public static class FlatJson
    {
        public static string Write(IEnumerable<KeyValuePair<string, object?>> fields)
        {
            var text = new StringBuilder("{");
            bool first = true;
            foreach (var field in fields)
            {
                if (!first) text.Append(',');
                first = false;
                Quote(text, field.Key);
                text.Append(':');
                switch (field.Value)
                {
                    case null: text.Append("null"); break;
                    case string s: Quote(text, s); break;
                    case bool b: text.Append(b ? "true" : "false"); break;
                    case double d: Number(text, d); break;
                    case float f: Number(text, f); break;
                    case int i: text.Append(i.ToString(CultureInfo.InvariantCulture)); break;
                    case long l: text.Append(l.ToString(CultureInfo.InvariantCulture)); break;
                    case ulong u: text.Append(u.ToString(CultureInfo.InvariantCulture)); break;
                    default: Quote(text, Convert.ToString(field.Value, CultureInfo.InvariantCulture) ?? ""); break;
                }
            }
            return text.Append('}').ToString();
        }

        // "R" keeps every bit of a double, so a value read back is the value written.
        static void Number(StringBuilder text, double value) =>
            text.Append(double.IsNaN(value) || double.IsInfinity(value) ? "null" : value.ToString("R", CultureInfo.InvariantCulture));

        static void Quote(StringBuilder text, string value)
        {
            text.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    default:
                        if (c < 0x20) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else text.Append(c);
                        break;
                }
            }
            text.Append('"');
        }

        /// <summary>
        /// Reads one flat object: strings as string, numbers as double, booleans as bool, null as null. Throws
        /// FormatException naming the position for anything else (a nested value, a torn line).
        /// </summary>
        public static Dictionary<string, object?> Parse(string line)
        {
            var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
            int i = 0;
            Skip(line, ref i);
            Expect(line, ref i, '{');
            Skip(line, ref i);
            if (Peek(line, i) == '}')
            {
                i++;
                End(line, i);
                return fields;
            }
            while (true)
            {
                Skip(line, ref i);
                string key = ReadString(line, ref i);
                Skip(line, ref i);
                Expect(line, ref i, ':');
                Skip(line, ref i);
                fields[key] = ReadValue(line, ref i);
                Skip(line, ref i);
                char c = Peek(line, i);
                i++;
                if (c == '}') break;
                if (c != ',') throw new FormatException($"expected ',' or '}}' at character {i} of a JSON line");
            }
            End(line, i);
            return fields;
        }

        static void End(string line, int i)
        {
            Skip(line, ref i);
            if (i != line.Length) throw new FormatException($"text after the object at character {i + 1} of a JSON line");
        }

        static object? ReadValue(string line, ref int i)
        {
            char c = Peek(line, i);
            if (c == '"') return ReadString(line, ref i);
            if (Word(line, ref i, "true")) return true;
            if (Word(line, ref i, "false")) return false;
            if (Word(line, ref i, "null")) return null;
            int start = i;
            while (i < line.Length && "+-0123456789.eE".IndexOf(line[i]) >= 0) i++;
            if (i > start && double.TryParse(line.Substring(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return number;
            throw new FormatException($"expected a string, number, true, false or null at character {start + 1} of a JSON line (nested values are not used here)");
        }

        static bool Word(string line, ref int i, string word)
        {
            if (string.CompareOrdinal(line, i, word, 0, word.Length) != 0) return false;
            i += word.Length;
            return true;
        }

        static string ReadString(string line, ref int i)
        {
            Expect(line, ref i, '"');
            var text = new StringBuilder();
            while (true)
            {
                if (i >= line.Length) throw new FormatException("a JSON string is not closed (a torn line?)");
                char c = line[i++];
                if (c == '"') return text.ToString();
                if (c != '\\')
                {
                    text.Append(c);
                    continue;
                }
                char e = Peek(line, i++);
                switch (e)
                {
                    case 'n': text.Append('\n'); break;
                    case 'r': text.Append('\r'); break;
                    case 't': text.Append('\t'); break;
                    case 'b': text.Append('\b'); break;
                    case 'f': text.Append('\f'); break;
                    case 'u':
                        if (i + 4 > line.Length) throw new FormatException("a \\u escape is cut short in a JSON line");
                        text.Append((char)int.Parse(line.Substring(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: text.Append(e); break;
                }
            }
        }

        static char Peek(string line, int i) => i < line.Length ? line[i] : throw new FormatException("a JSON line ends early (a torn line?)");

        static void Expect(string line, ref int i, char c)
        {
            if (Peek(line, i) != c) throw new FormatException($"expected '{c}' at character {i + 1} of a JSON line");
            i++;
        }

        static void Skip(string line, ref int i)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
        }

        /// <summary>The number under <paramref name="key"/>, or NaN when it is missing, null or not a number.</summary>
        public static double Number(IReadOnlyDictionary<string, object?> fields, string key) =>
            fields.TryGetValue(key, out var value) && value is double d ? d : double.NaN;

        /// <summary>The string under <paramref name="key"/>, or "" when it is missing or not a string.</summary>
        public static string Text(IReadOnlyDictionary<string, object?> fields, string key) =>
            fields.TryGetValue(key, out var value) && value is string s ? s : "";

        public static bool Flag(IReadOnlyDictionary<string, object?> fields, string key) =>
            fields.TryGetValue(key, out var value) && value is bool b && b;
    }
}
