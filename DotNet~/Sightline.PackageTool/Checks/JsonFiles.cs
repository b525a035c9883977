using System.IO;
using System.Text.Json;

namespace Sightline.PackageTool.Checks
{
    /// <summary>Reads JSON the way Unity does (strict: no comments, no trailing commas); errors name the file and line.</summary>
    public static class JsonFiles
    {
        public static JsonDocument? TryRead(string fullPath, string relative, System.Collections.Generic.List<PackageProblem> problems)
        {
            try
            {
                return JsonDocument.Parse(File.ReadAllText(fullPath));
            }
            catch (JsonException e)
            {
                long line = (e.LineNumber ?? 0) + 1;
                problems.Add(new PackageProblem(relative, $"invalid JSON at line {line}: {FirstSentence(e.Message)}"));
                return null;
            }
            catch (IOException e)
            {
                problems.Add(new PackageProblem(relative, "cannot read: " + e.Message));
                return null;
            }
        }

        static string FirstSentence(string message)
        {
            int cut = message.IndexOf(" Path:", System.StringComparison.Ordinal);
            return cut > 0 ? message.Substring(0, cut) : message;
        }

        public static string? String(JsonElement obj, string property) =>
            obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString() : null;
    }
}
