using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using Sightline.Cli.Cluster;
using Sightline.Cli.Training;
using Sightline.Cpu;
using Sightline.Data;
using Sightline.Training;
using Sightline.Training.Checkpoints;
using Sightline.Training.Runs;
using Sightline.Training.Sessions;

namespace Sightline.Cli.Commands
{
    /// <summary>
    /// `sightline export-manifest --data DIR --out JOB [--model CKPT]`: the hand-off folder a PyTorch DDP cluster trains
    /// from (Tests/Reference/ddp_trainer.py): Sightline's split of the data, the network, its initial weights (a new
    /// run's, or a checkpoint's with its momentum and schedule), the input statistics and the recipe.
    /// </summary>
    public static class ExportManifestCommand
    {
        public static Command Create()
        {
            var data = new Option<string>("--data") { Description = "dataset folder: a Sightline dataset or an ImageFolder tree", Required = true };
            var output = new Option<string>("--out") { Description = "job folder to write (manifest.json, params.bin, momentum.bin, mean.bin)", Required = true };
            var model = new Option<string?>("--model") { Description = "continue this checkpoint (.slckpt): its weights, momentum, statistics, recipe and position" };
            var spec = new Option<string?>("--spec") { Description = "network preset for a new run: mini (default) or paper" };
            var init = new Option<string>("--init") { Description = "new run's initialisation: he (default) or paper", DefaultValueFactory = _ => "he" };
            var epochs = new Option<int>("--epochs") { Description = "epochs to train (in total, when continuing a checkpoint)", DefaultValueFactory = _ => 30 };
            var batch = new Option<int>("--batch") { Description = "global batch (all processes together)", DefaultValueFactory = _ => 64 };
            var lr = new Option<float>("--lr") { Description = "learning rate", DefaultValueFactory = _ => 0.01f };
            var seed = new Option<ulong>("--seed") { Description = "seed of the initial weights", DefaultValueFactory = _ => 1UL };
            var augment = new Option<string>("--augment") { Description = TrainingChoices.AugmentHelp, DefaultValueFactory = _ => "paper" };
            var schedule = new Option<string>("--schedule") { Description = TrainingChoices.ScheduleHelp, DefaultValueFactory = _ => "plateau" };
            var json = new Option<bool>("--json") { Description = "print what was written as JSON" };
            var command = new Command("export-manifest", "Write the hand-off folder a PyTorch DDP cluster trains from (Tests/Reference/ddp_trainer.py).")
            {
                data, output, model, spec, init, epochs, batch, lr, seed, augment, schedule, json,
            };
            command.SetAction(parse =>
            {
                string dataFolder = parse.GetValue(data)!, jobFolder = parse.GetValue(output)!;
                string? checkpointPath = parse.GetValue(model);
                if (checkpointPath != null && parse.GetValue(spec) != null) throw new UserInputException("--model and --spec: a checkpoint keeps its network; leave --spec out");
                var (kind, steps) = TrainingChoices.ParseSchedule(parse.GetValue(schedule));
                var settings = new TrainingSettings
                {
                    Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), LearningRate = parse.GetValue(lr), Seed = parse.GetValue(seed),
                    Augmentation = TrainingChoices.ParseAugmentation(parse.GetValue(augment)), Schedule = kind, StepEpochs = steps,
                };
                string manifest, work = Path.Combine(Path.GetTempPath(), "sightline-job-" + Guid.NewGuid().ToString("N").Substring(0, 8));
                int train, validation, test;
                string network;
                try
                {
                    // The job is a TrainingJob that never trains: a new run, or the checkpoint resumed in a scratch folder.
                    if (checkpointPath != null)
                    {
                        if (!File.Exists(checkpointPath)) throw new UserInputException($"--model '{checkpointPath}' does not exist");
                        Directory.CreateDirectory(work);
                        File.Copy(checkpointPath, new RunFolder(work).Checkpoint);
                    }
                    var request = new TrainingJobRequest
                    {
                        DataFolder = dataFolder, RunFolder = work, Preset = parse.GetValue(spec), Init = TrainCommand.ParseInit(parse.GetValue(init)!),
                        Resume = checkpointPath != null, ResumeEpochs = checkpointPath != null ? parse.GetValue(epochs) : (int?)null, Settings = settings,
                    };
                    using var job = TrainingJob.Open(request, (s, b) => new CpuEngine(s, b));
                    manifest = ClusterJob.Write(jobFolder, job, dataFolder);
                    train = job.Source.Count(DatasetSplit.Train);
                    validation = job.Source.Count(DatasetSplit.Validation);
                    test = job.Source.Count(DatasetSplit.Test);
                    network = job.Spec.ToString();
                }
                catch (Exception e) when (e is ArgumentException || e is DatasetException || e is CheckpointException || e is Sightline.Model.SpecException)
                {
                    throw new UserInputException(e.Message);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new UserInputException($"--out '{jobFolder}': cannot write: {e.Message}");
                }
                finally
                {
                    try { if (Directory.Exists(work)) Directory.Delete(work, true); } catch (IOException) { }
                }
                if (parse.GetValue(json))
                    Console.WriteLine(JsonSerializer.Serialize(new { manifest, network, train, validation, test }, new JsonSerializerOptions { WriteIndented = true }));
                else
                    Console.WriteLine($"wrote {manifest}: {network}; {train} training, {validation} validation, {test} test frames");
                return 0;
            });
            return command;
        }
    }
}
