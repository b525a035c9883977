using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using Sightline.Cli.Inference;
using Sightline.Model.Files;
using Sightline.Onnx;

namespace Sightline.Cli.Commands
{
    /// <summary>
    /// `sightline export --model CKPT --onnx FILE` (or `--slmodel FILE`): a checkpoint's model, without its training
    /// state, as an ONNX file that carries labels and normalisation, or as a Sightline model file.
    /// </summary>
    public static class ExportCommand
    {
        public static Command Create()
        {
            var model = new Option<string>("--model") { Description = "training checkpoint (.slckpt), model file (.slmodel) or ONNX file to export", Required = true };
            var onnx = new Option<string>("--onnx") { Description = "ONNX file to write (opset 17)" };
            var modelFile = new Option<string>("--slmodel") { Description = "Sightline model file to write instead (spec, weights, labels, normalisation; no training state)" };
            var json = new Option<bool>("--json") { Description = "print JSON instead of text" };
            var command = new Command("export", "Export a trained network to ONNX (labels, input size and mean image go into its metadata) or to a Sightline model file.") { model, onnx, modelFile, json };
            command.SetAction(parse =>
            {
                string source = parse.GetValue(model)!;
                string? onnxTarget = parse.GetValue(onnx), modelTarget = parse.GetValue(modelFile);
                if ((onnxTarget == null) == (modelTarget == null)) throw new UserInputException("export needs one of --onnx FILE or --slmodel FILE");
                string option = onnxTarget != null ? "--onnx" : "--slmodel";
                string target = onnxTarget ?? modelTarget!;
                var trained = ModelSource.Load(source);
                var directory = Path.GetDirectoryName(Path.GetFullPath(target));
                if (directory != null && !Directory.Exists(directory)) throw new UserInputException($"{option} '{target}': folder '{directory}' does not exist");
                try
                {
                    if (onnxTarget != null) OnnxExporter.Save(trained, target, typeof(ExportCommand).Assembly.GetName().Version?.ToString() ?? "");
                    else TrainedModelFile.Save(target, trained);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new UserInputException($"{option} '{target}': cannot write: {e.Message}");
                }
                long bytes = new FileInfo(target).Length;
                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        model = source,
                        onnx = onnxTarget,
                        slmodel = modelTarget,
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
