using System;
using System.CommandLine;
using System.Linq;
using Sightline.Cli.Experiments;
using Sightline.Cli.Training;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline experiment NAME`: one of the paper's claims rerun on the user's data (Documentation~/experiments.md).</summary>
    public static class ExperimentCommand
    {
        public static Command Create()
        {
            var name = new Argument<string>("name") { Description = "experiment: " + string.Join(", ", PaperExperiment.All.Select(e => e.Name)) };
            var data = new Option<string>("--data") { Description = "dataset folder: a Sightline dataset or an ImageFolder tree", Required = true };
            var output = new Option<string?>("--out") { Description = "run folder for every variant's run, report.md, summary.json and curves.png (default: runs/experiment-NAME)" };
            var spec = new Option<string?>("--spec") { Description = "network preset: mini (default) or paper" };
            var epochs = new Option<int>("--epochs") { Description = "epochs per run (the same budget for every variant)", DefaultValueFactory = _ => 10 };
            var seeds = new Option<int>("--seeds") { Description = "seeds 1..K per variant: mean and spread", DefaultValueFactory = _ => 1 };
            var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 32 };
            var lr = new Option<float>("--lr") { Description = "learning rate (divided by 10 after three quarters of the epochs)", DefaultValueFactory = _ => 0.01f };
            var target = new Option<double>("--target") { Description = "training top-1 error that 'steps to target' counts to (the paper's Figure 1: 0.25)", DefaultValueFactory = _ => 0.25 };
            var engine = new Option<string>("--engine") { Description = "cpu (default), cuda or auto", DefaultValueFactory = _ => "cpu" };
            var threads = new Option<int>("--threads") { Description = "CPU threads (0: all processors)", DefaultValueFactory = _ => 0 };
            var json = new Option<bool>("--json") { Description = "print {experiment, variants, target, paperSign, beyondSeedSpread} as JSON" };
            var command = new Command("experiment", "Rerun one of the paper's claims (ReLU vs tanh, LRN, overlapping pooling, towers, dropout, augmentation): every variant with the same data order, seeds and budget; a table, a verdict and curves.")
            {
                name, data, output, spec, epochs, seeds, batch, lr, target, engine, threads, json,
            };
            command.SetAction(parse =>
            {
                var experiment = PaperExperiment.Find(parse.GetValue(name)!);
                var request = new ExperimentRequest
                {
                    Data = parse.GetValue(data)!,
                    Out = parse.GetValue(output) ?? System.IO.Path.Combine("runs", "experiment-" + experiment.Name),
                    Spec = parse.GetValue(spec),
                    Epochs = parse.GetValue(epochs),
                    Seeds = parse.GetValue(seeds),
                    Batch = parse.GetValue(batch),
                    LearningRate = parse.GetValue(lr),
                    Target = parse.GetValue(target),
                    Engine = parse.GetValue(engine)!,
                    Threads = parse.GetValue(threads),
                };
                bool asJson = parse.GetValue(json);
                using var stop = new StopSignal();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var runs = ExperimentRunner.Run(experiment, request, new TrainingReporter(asJson), stop.Token);
                var summary = new ExperimentSummary(experiment, runs, request.Target, request);
                var files = ExperimentReport.Write(summary);
                if (asJson)
                {
                    Console.WriteLine(ExperimentReport.Json(summary));
                    return 0;
                }
                Console.WriteLine($"The paper: \"{experiment.Claim}\" ({experiment.Source})");
                Console.Write(ExperimentReport.Table(summary));
                Console.WriteLine(ExperimentReport.Verdict(summary));
                foreach (var file in files) Console.WriteLine("wrote " + file);
                Console.WriteLine($"time: {clock.Elapsed.TotalSeconds:0} s");
                return 0;
            });
            return command;
        }
    }
}
