using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Sightline.Classification;
using Sightline.Cli.Inference;
using Sightline.Cpu;
using Sightline.Data;
using Sightline.Engines;
using Sightline.Imaging;
using Sightline.Model;
using Sightline.Onnx;
using Spectre.Console;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline classify --model M IMAGES...`: top-k labels of each image (centre crop, the paper's test view).</summary>
    public static class ClassifyCommand
    {
        public static Command Create()
        {
            var model = new Option<string>("--model") { Description = "training checkpoint (.slckpt), model file (.slmodel) or ONNX file (.onnx)", Required = true };
            var images = new Argument<string[]>("images") { Description = "PNG, JPEG or BMP files", Arity = ArgumentArity.OneOrMore };
            var top = new Option<int>("--top") { Description = "labels per image", DefaultValueFactory = _ => 5 };
            var engine = new Option<string>("--engine") { Description = "onnxruntime, onnxruntime-cuda or cpu", DefaultValueFactory = _ => "onnxruntime" };
            var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
            var command = new Command("classify", "Classify images with a trained network.") { model, images, top, engine, json };
            command.SetAction(parse =>
            {
                int k = parse.GetValue(top);
                if (k < 1) throw new UserInputException($"--top must be at least 1 (got {k})");
                string path = parse.GetValue(model)!;
                var files = parse.GetValue(images)!;
                var trained = ModelSource.Load(path);
                var frames = files.Select(f => Decode(f, trained.Spec.StoredSize)).ToArray();
                string engineName = parse.GetValue(engine)!.Trim().ToLowerInvariant();
                using var classifier = new ImageClassifier(CreateEngine(engineName, path, trained, Math.Min(files.Length, 32)), trained,
                    new ClassifierOptions { DefaultTop = Math.Min(k, trained.Spec.Classes) });
                var results = Task.WhenAll(frames.Select(f => classifier.ClassifyAsync(f))).GetAwaiter().GetResult();
                if (parse.GetValue(json)) PrintJson(files, results, classifier.EngineName);
                else PrintTable(files, results);
                return 0;
            });
            return command;
        }

        internal static IInferenceEngine CreateEngine(string name, string modelPath, TrainedModel model, int maxBatch)
        {
            switch (name)
            {
                case "cpu":
                {
                    var cpu = new CpuEngine(model.Spec, maxBatch);
                    cpu.SetParameters(model.Parameters);
                    return cpu;
                }
                case "onnxruntime":
                case "onnxruntime-cuda":
                {
                    var options = new OnnxRuntimeOptions { UseCuda = name.EndsWith("cuda", StringComparison.Ordinal), Log = m => Console.Error.WriteLine("sightline: " + m) };
                    // An ONNX file runs as it is; a checkpoint is exported in memory.
                    return ModelSource.IsOnnx(modelPath) ? OnnxRuntimeEngine.FromFile(modelPath, maxBatch, options) : new OnnxRuntimeEngine(model, maxBatch, options);
                }
                default:
                    throw new UserInputException($"--engine '{name}' is not onnxruntime, onnxruntime-cuda or cpu");
            }
        }

        static Frame Decode(string file, int storedSize)
        {
            try
            {
                // The decoder scales the short side to the stored size and keeps the centre square; the classifier
                // then takes the centre input-size crop (Documentation~/network.md: real-time classification uses the centre crop).
                return new Frame(ImageDecoder.DecodeSquare(file, storedSize), storedSize, storedSize);
            }
            catch (DatasetException e)
            {
                throw new UserInputException(e.Message);
            }
        }

        static void PrintJson(string[] files, ClassificationResult[] results, string engine)
        {
            var doc = files.Select((f, i) => new
            {
                image = f,
                top = results[i].Top.Select(t => new { label = t.Label, index = t.Index, probability = t.Probability }).ToArray(),
            }).ToArray();
            Console.WriteLine(JsonSerializer.Serialize(new { engine, results = doc }, new JsonSerializerOptions { WriteIndented = true }));
        }

        static void PrintTable(string[] files, ClassificationResult[] results)
        {
            var table = new Table();
            table.AddColumn("image");
            table.AddColumn("label");
            table.AddColumn("probability");
            table.AddColumn("runners-up");
            for (int i = 0; i < files.Length; i++)
            {
                var best = results[i].Best;
                var others = string.Join(", ", results[i].Top.Skip(1).Select(t => $"{t.Label} {Percent(t.Probability)}"));
                table.AddRow(Markup.Escape(files[i]), Markup.Escape(best.Label), Percent(best.Probability), Markup.Escape(others));
            }
            AnsiConsole.Write(table);
        }

        static string Percent(float p) => (p * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }
}
