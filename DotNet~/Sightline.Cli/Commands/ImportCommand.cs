using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using Sightline.Cli.Cluster;
using Sightline.Onnx;
using Sightline.Training.Checkpoints;
using Sightline.Training.Sessions;

namespace Sightline.Cli.Commands
{
    /// <summary>
    /// `sightline import MODEL.onnx --out RUN`: a model trained on a PyTorch cluster (Tests/Reference/ddp_trainer.py) as
    /// the checkpoint of a run folder, which `sightline train --data DIR --out RUN --resume` continues.
    /// </summary>
    public static class ImportCommand
    {
        public static Command Create()
        {
            var model = new Argument<string>("model") { Description = "ONNX file written by ddp_trainer.py (Sightline's layout, with its training metadata)" };
            var output = new Option<string>("--out") { Description = "run folder to create (its checkpoint.slckpt is the imported model)", Required = true };
            var momentum = new Option<string?>("--momentum") { Description = "the trainer's momentum.bin, to continue with its SGD momentum (default: momentum restarts from zero)" };
            var json = new Option<bool>("--json") { Description = "print the result as JSON" };
            var command = new Command("import", "Bring a model trained on a PyTorch DDP cluster back as a run that `sightline train --resume` continues.") { model, output, momentum, json };
            command.SetAction(parse =>
            {
                string source = parse.GetValue(model)!, run = parse.GetValue(output)!;
                string? momentumPath = parse.GetValue(momentum);
                if (!File.Exists(source)) throw new UserInputException($"model '{source}' does not exist");
                if (momentumPath != null && !File.Exists(momentumPath)) throw new UserInputException($"--momentum '{momentumPath}' does not exist");
                var folder = new RunFolder(run);
                if (folder.HasCheckpoint) throw new UserInputException($"--out '{run}' already holds a run ({folder.Checkpoint}); choose another run folder");
                Checkpoint checkpoint;
                try
                {
                    checkpoint = ClusterImport.ToCheckpoint(source, momentumPath);
                }
                catch (Exception e) when (e is OnnxImportException || e is FormatException || e is JsonException || e is InvalidOperationException || e is ArgumentException || e is IOException || e is UserInputException)
                {
                    throw new UserInputException(e is UserInputException ? e.Message : $"{source}: {e.Message}");
                }
                try
                {
                    folder.Create();
                    CheckpointFile.Save(folder.Checkpoint, checkpoint);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new UserInputException($"--out '{run}': cannot write: {e.Message}");
                }
                if (parse.GetValue(json))
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        model = source, checkpoint = folder.Checkpoint, spec = checkpoint.Model.Spec.ToString(), labels = checkpoint.Model.Labels,
                        epoch = checkpoint.State.Epoch, step = checkpoint.State.Step, learningRate = checkpoint.State.Schedule.LearningRate, momentum = momentumPath != null,
                    }, new JsonSerializerOptions { WriteIndented = true }));
                else
                    Console.WriteLine($"wrote {folder.Checkpoint}: {checkpoint.Model.Spec}, epoch {checkpoint.State.Epoch}, step {checkpoint.State.Step}, learning rate {checkpoint.State.Schedule.LearningRate:g3}" +
                        (momentumPath != null ? ", with the cluster's momentum" : ", momentum from zero") + $"; continue with: sightline train --data DIR --out {run} --resume --epochs N");
                return 0;
            });
            return command;
        }
    }
}
