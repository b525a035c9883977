using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Sightline.Cli.Training;
using Sightline.Data;
using Sightline.Model.Files;
using Sightline.Training.Batches;
using Sightline.Training.Checkpoints;
using Sightline.Training.Evaluation;
using Sightline.Training.Sessions;
using Spectre.Console;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline eval`: top-1/top-5 error and the confusion matrix of a checkpoint on a dataset folder.</summary>
    public static class EvalCommand
    {
        public static Command Create()
        {
            var model = new Option<string>("--model") { Description = "checkpoint file (.slckpt), model file (.slmodel) or run folder", Required = true };
            var data = new Option<string>("--data") { Description = "dataset folder (its test split, else validation split, else all frames)", Required = true };
            var tenCrop = new Option<bool>("--ten-crop") { Description = "average the softmax of the paper's ten views (corners, centre and mirrors) instead of the centre crop" };
            var engine = new Option<string>("--engine") { Description = "auto, cpu or cuda", DefaultValueFactory = _ => "auto" };
            var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 64 };
            var threads = new Option<int>("--threads") { Description = "CPU threads (0: all processors)", DefaultValueFactory = _ => 0 };
            var confusion = new Option<string?>("--confusion-png") { Description = "also draw the confusion matrix to this PNG file" };
            var json = new Option<bool>("--json") { Description = "print the result as JSON" };
            var command = new Command("eval", "Evaluate a checkpoint on a dataset: top-1 and top-5 error, per-class recall, confusion matrix.")
            {
                model, data, tenCrop, engine, batch, threads, confusion, json,
            };
            command.SetAction(parse =>
            {
                string modelPath = parse.GetValue(model)!;
                string dataPath = parse.GetValue(data)!;
                int batchSize = parse.GetValue(batch);
                if (batchSize < 1) throw new UserInputException($"--batch must be at least 1 (got {batchSize})");
                if (Directory.Exists(modelPath)) modelPath = new RunFolder(modelPath).Best is var best && File.Exists(best) ? best : new RunFolder(modelPath).Checkpoint;
                if (!File.Exists(modelPath)) throw new UserInputException($"--model: checkpoint '{Path.GetFullPath(modelPath)}' does not exist");
                if (!Directory.Exists(dataPath)) throw new UserInputException($"--data: folder '{Path.GetFullPath(dataPath)}' does not exist");
                // A model file is the checkpoint's model part: all that evaluation needs.
                var trained = modelPath.EndsWith(TrainedModelFile.Extension, StringComparison.OrdinalIgnoreCase)
                    ? Inference.ModelSource.Load(modelPath)
                    : TrainRunner.LoadCheckpoint(modelPath).Model;
                bool asJson = parse.GetValue(json);
                var reporter = new TrainingReporter(asJson);

                DatasetBatches batches;
                try
                {
                    batches = reporter.WithCacheProgress(progress => DatasetBatches.ForEvaluation(dataPath, trained, null, progress));
                }
                catch (Exception e) when (e is DatasetException || e is ArgumentException)
                {
                    throw new UserInputException("--data: " + e.Message);
                }
                using (batches)
                {
                    var (eng, note) = EngineFactory.Create(parse.GetValue(engine)!, trained.Spec, batchSize, parse.GetValue(threads));
                    using (eng)
                    {
                        if (note != null) reporter.Note(note);
                        eng.SetParameters(trained.Parameters);
                        var result = Evaluator.Evaluate(eng, batches.Source, DatasetSplit.Validation, parse.GetValue(tenCrop));
                        string? picture = parse.GetValue(confusion);
                        if (picture != null) Pictures.ConfusionPicture.Save(result.Confusion, picture);
                        if (asJson) Console.WriteLine(ToJson(modelPath, batches.Description, batches.EvaluatedPart, eng.Name, result));
                        else Print(modelPath, batches.Description, batches.EvaluatedPart, result);
                    }
                }
                return 0;
            });
            return command;
        }

        static void Print(string model, string data, string part, EvaluationResult r)
        {
            Console.WriteLine($"model: {model}");
            Console.WriteLine($"data: {data}");
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} top-1: {1:0.00}% (error {2:0.00}%), top-5: {3:0.00}% (error {4:0.00}%), loss {5:0.0000}, {6}",
                part, 100 * r.Top1Accuracy, 100 * r.Top1Error, 100 * (1 - r.Top5Error), 100 * r.Top5Error, r.Loss, r.TenViews ? "ten-view average" : "centre crop"));
            if (part == "validation split") Console.WriteLine("note: a run's validation split chose its best checkpoint; a test split measures it without that bias");
            var table = new Table().Title("confusion (rows: actual, columns: predicted)");
            table.AddColumn("actual");
            foreach (var label in r.Confusion.Labels) table.AddColumn(Markup.Escape(label));
            table.AddColumn("recall");
            for (int i = 0; i < r.Confusion.Classes; i++)
            {
                var cells = new[] { Markup.Escape(r.Confusion.Labels[i]) }
                    .Concat(r.Confusion.Row(i).Select(v => v.ToString(CultureInfo.InvariantCulture)))
                    .Concat(new[] { double.IsNaN(r.Confusion.Recall(i)) ? "-" : (100 * r.Confusion.Recall(i)).ToString("0.0", CultureInfo.InvariantCulture) + "%" });
                table.AddRow(cells.ToArray());
            }
            AnsiConsole.Write(table);
        }

        static string ToJson(string model, string data, string part, string engine, EvaluationResult r)
        {
            var doc = new
            {
                model,
                data,
                split = part,
                engine,
                views = r.TenViews ? "ten" : "centre",
                frames = r.Count,
                top1 = RunArtifacts.Finite(r.Top1Accuracy),
                top5 = RunArtifacts.Finite(1 - r.Top5Error),
                top1Error = RunArtifacts.Finite(r.Top1Error),
                top5Error = RunArtifacts.Finite(r.Top5Error),
                loss = RunArtifacts.Finite(r.Loss),
                labels = r.Confusion.Labels.ToArray(),
                confusion = Enumerable.Range(0, r.Confusion.Classes).Select(r.Confusion.Row).ToArray(),
            };
            return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
        }
    }
}
