using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Sightline.Data;
using Spectre.Console;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline inspect DATASET`: labels, counts per split, image sizes and every problem found, without decoding pixels.</summary>
    public static class InspectCommand
    {
        public static Command Create()
        {
            var path = new Argument<string>("dataset") { Description = "dataset folder: a Sightline dataset or an ImageFolder tree" };
            var json = new Option<bool>("--json") { Description = "print JSON instead of tables" };
            var command = new Command("inspect", "Check a dataset: labels, counts per split, image sizes and problems (bad, truncated or oversized files).") { path, json };
            command.SetAction(parse =>
            {
                var report = Inspect(parse.GetValue(path)!);
                if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report.ToJson(), new JsonSerializerOptions { WriteIndented = true }));
                else report.Print();
                return 0;
            });
            return command;
        }

        internal sealed class Report
        {
            public Dataset Dataset = null!;
            public List<DatasetProblem> Problems = new List<DatasetProblem>();
            public Dictionary<string, int> Sizes = new Dictionary<string, int>();
            public Dictionary<string, int> Formats = new Dictionary<string, int>();
            public int Readable;

            static readonly DatasetSplit[] Splits = { DatasetSplit.Train, DatasetSplit.Validation, DatasetSplit.Test };

            int Count(int label, DatasetSplit split) => Dataset.Frames.Count(f => f.LabelIndex == label && f.Split == split);

            public object ToJson() => new
            {
                path = Dataset.Root,
                kind = Dataset.Kind.ToString(),
                frames = Dataset.Frames.Count,
                readable = Readable,
                splits = Splits.ToDictionary(s => s.ToString().ToLowerInvariant(), s => Dataset.Count(s)),
                labels = Dataset.Labels.Names.Select((name, i) => new
                {
                    index = i,
                    name,
                    train = Count(i, DatasetSplit.Train),
                    validation = Count(i, DatasetSplit.Validation),
                    test = Count(i, DatasetSplit.Test),
                }).ToArray(),
                sizes = Sizes.OrderByDescending(p => p.Value).Select(p => new { size = p.Key, count = p.Value }).ToArray(),
                formats = Formats,
                errors = Problems.Count(p => p.Severity == ProblemSeverity.Error),
                warnings = Problems.Count(p => p.Severity == ProblemSeverity.Warning),
                problems = Problems.Select(p => new { severity = p.Severity == ProblemSeverity.Error ? "error" : "warning", path = p.Path, message = p.Message }).ToArray(),
            };

            public void Print()
            {
                AnsiConsole.MarkupLine($"[bold]{Markup.Escape(Dataset.Root)}[/] ({Dataset.Kind}): {Dataset.Frames.Count} images, {Readable} readable, {Dataset.Labels.Count} labels");
                var table = new Table().AddColumn("index").AddColumn("label");
                foreach (var s in Splits) table.AddColumn(new TableColumn(s.ToString().ToLowerInvariant()).RightAligned());
                for (int i = 0; i < Dataset.Labels.Count; i++)
                    table.AddRow(new[] { i.ToString(CultureInfo.InvariantCulture), Markup.Escape(Dataset.Labels[i]) }.Concat(Splits.Select(s => Count(i, s).ToString(CultureInfo.InvariantCulture))).ToArray());
                table.AddRow(new[] { "", "[bold]total[/]" }.Concat(Splits.Select(s => $"[bold]{Dataset.Count(s)}[/]")).ToArray());
                AnsiConsole.Write(table);
                if (Sizes.Count > 0)
                {
                    var sizes = new Table().AddColumn("image size").AddColumn(new TableColumn("images").RightAligned());
                    foreach (var p in Sizes.OrderByDescending(p => p.Value).Take(10)) sizes.AddRow(p.Key, p.Value.ToString(CultureInfo.InvariantCulture));
                    if (Sizes.Count > 10) sizes.AddRow($"({Sizes.Count - 10} more sizes)", "");
                    AnsiConsole.Write(sizes);
                }
                if (Problems.Count == 0)
                {
                    AnsiConsole.MarkupLine("[green]no problems found[/]");
                    return;
                }
                AnsiConsole.MarkupLine($"[bold]{Problems.Count(p => p.Severity == ProblemSeverity.Error)} errors, {Problems.Count(p => p.Severity == ProblemSeverity.Warning)} warnings[/]");
                foreach (var p in Problems)
                    AnsiConsole.MarkupLine((p.Severity == ProblemSeverity.Error ? "[red]error[/]" : "[yellow]warning[/]") + ": " + Markup.Escape(p.Path) + ": " + Markup.Escape(p.Message));
            }
        }

        internal static Report Inspect(string path)
        {
            Dataset dataset;
            try
            {
                // Inspecting must not change anything, so no manifest repair here.
                dataset = Dataset.Open(path, repair: false);
            }
            catch (DatasetException e)
            {
                throw new UserInputException(e.Message);
            }
            var report = new Report { Dataset = dataset };
            report.Problems.AddRange(dataset.Problems);
            var headers = new ImageHeader?[dataset.Frames.Count];
            var errors = new string?[dataset.Frames.Count];
            Parallel.For(0, dataset.Frames.Count, i =>
            {
                try
                {
                    headers[i] = ImageDecoder.Identify(dataset.Frames[i].Path);
                }
                catch (ImageDecodeException e)
                {
                    errors[i] = e.Problem;
                }
            });
            for (int i = 0; i < headers.Length; i++)
            {
                if (headers[i] is ImageHeader h)
                {
                    report.Readable++;
                    string size = h.Width + "x" + h.Height;
                    report.Sizes[size] = report.Sizes.TryGetValue(size, out int n) ? n + 1 : 1;
                    report.Formats[h.Format] = report.Formats.TryGetValue(h.Format, out int m) ? m + 1 : 1;
                }
                else
                {
                    report.Problems.Add(new DatasetProblem(ProblemSeverity.Error, dataset.Frames[i].Path, errors[i] ?? "unreadable"));
                }
            }
            return report;
        }
    }
}
