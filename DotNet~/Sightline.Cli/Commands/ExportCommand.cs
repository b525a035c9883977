using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using Sightline.Cli.Inference;
using Sightline.Onnx;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline export --model CKPT --onnx FILE`: a checkpoint as an ONNX file that carries labels and normalisation.</summary>
    public static class ExportCommand
    {
        public static Command Create()
        {
            var model = new Option<string>("--model") { Description = "training checkpoint (.slckpt) or ONNX file to export", Required = true };
            var onnx = new Option<string>("--onnx") { Description = "ONNX file to write (opset 17)", Required = true };
            var json = new Option<bool>("--json") { Description = "print JSON instead of text" };
            var command = new Command("export", "Export a trained network to ONNX (labels, input size and mean image go into its metadata).") { model, onnx, json };
            command.SetAction(parse =>
            {
                string source = parse.GetValue(model)!;
                string target = parse.GetValue(onnx)!;
                var trained = ModelSource.Load(source);
                var directory = Path.GetDirectoryName(Path.GetFullPath(target));
                if (directory != null && !Directory.Exists(directory)) throw new UserInputException($"--onnx '{target}': folder '{directory}' does not exist");
                try
                {
                    OnnxExporter.Save(trained, target, typeof(ExportCommand).Assembly.GetName().Version?.ToString() ?? "");
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new UserInputException($"--onnx '{target}': cannot write: {e.Message}");
                }
                long bytes = new FileInfo(target).Length;
                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        model = source,
                        onnx = target,
                        bytes,
                        spec = trained.Spec.ToString(),
                        classes = trained.Spec.Classes,
                        inputSize = trained.Spec.InputSize,
                        parameters = trained.Spec.ParameterCount,
                        labels = trained.Labels,
                    }, new JsonSerializerOptions { WriteIndented = true }));
                }
                else
                {
                    Console.WriteLine($"wrote {target} ({bytes / 1048576.0:0.0} MiB): {trained.Spec}, {trained.Spec.ParameterCount:N0} parameters");
                }
                return 0;
            });
            return command;
        }
    }
}
