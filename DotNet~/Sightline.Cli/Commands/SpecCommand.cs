using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Sightline.Model;
using Spectre.Console;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline spec`: the network's layers, shapes, parameters and multiply-adds.</summary>
    public static class SpecCommand
    {
        public static Command Create()
        {
            var spec = new Option<string>("--spec") { Description = "preset: paper or mini", DefaultValueFactory = _ => "paper" };
            var classes = new Option<int?>("--classes") { Description = "number of classes (default: 1000 for paper, 10 for mini)" };
            var activation = new Option<string>("--activation") { Description = "non-linearity: relu (the paper; default) or tanh", DefaultValueFactory = _ => "relu" };
            var across = new Option<bool>("--lrn-across-towers") { Description = "LRN over all channels of both towers (as a PyTorch AlexNet with one nn.LocalResponseNorm) instead of within each tower's (the paper)" };
            var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
            var command = new Command("spec", "Print the network: every layer with its shapes, parameters and multiply-adds.") { spec, classes, activation, across, json };
            command.SetAction(parse =>
            {
                var network = Build(parse.GetValue(spec)!, parse.GetValue(classes)).WithActivation(TrainCommand.ParseActivation(parse.GetValue(activation)!));
                if (parse.GetValue(across)) network = network.WithLrnAcrossTowers(true);
                if (parse.GetValue(json)) Console.WriteLine(ToJson(network));
                else PrintTable(network);
                return 0;
            });
            return command;
        }

        internal static NetworkSpec Build(string preset, int? classes)
        {
            try
            {
                int n = classes ?? (preset.Trim().ToLowerInvariant() == NetworkSpec.PaperPreset ? 1000 : 10);
                return NetworkSpec.FromPreset(preset, n);
            }
            catch (SpecException e)
            {
                throw new UserInputException(e.Message);
            }
        }

        internal static string ToJson(NetworkSpec network)
        {
            var doc = new
            {
                spec = network.Preset,
                classes = network.Classes,
                inputSize = network.InputSize,
                width = network.Width,
                towers = network.Towers,
                localResponseNorm = network.LocalResponseNorm,
                lrnAcrossTowers = network.LrnAcrossTowers,
                overlappingPooling = network.OverlappingPooling,
                activation = network.Activation.ToString().ToLowerInvariant(),
                parameters = network.ParameterCount,
                multiplyAdds = network.MultiplyAdds,
                layers = network.Layers.Select(l => new
                {
                    name = l.Name,
                    kind = l.Kind.ToString(),
                    input = new[] { l.Input.Channels, l.Input.Height, l.Input.Width },
                    output = new[] { l.Output.Channels, l.Output.Height, l.Output.Width },
                    kernel = l.Kernel,
                    stride = l.Stride,
                    pad = l.Pad,
                    groups = l.Groups,
                    parameters = l.ParameterCount,
                    multiplyAdds = l.MultiplyAdds,
                }).ToArray(),
            };
            return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
        }

        static void PrintTable(NetworkSpec network)
        {
            var table = new Table().Title($"AlexNet: {Markup.Escape(network.ToString())}");
            foreach (var column in new[] { "layer", "tower", "input", "output", "kernel/stride/pad", "parameters", "multiply-adds" })
                table.AddColumn(column);
            foreach (var layer in network.Layers)
            {
                string geometry = layer.Kernel > 0 ? $"{layer.Kernel}/{layer.Stride}/{layer.Pad}" : "";
                table.AddRow(
                    layer.Name,
                    TowerOf(network, layer),
                    layer.Input.ToString(),
                    layer.Output.ToString(),
                    geometry,
                    layer.HasParameters ? layer.ParameterCount.ToString("N0", CultureInfo.InvariantCulture) : "",
                    layer.MultiplyAdds > 0 ? Millions(layer.MultiplyAdds) : "");
            }
            table.AddRow("[bold]total[/]", "", "", "", "", $"[bold]{network.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)}[/]", $"[bold]{Millions(network.MultiplyAdds)}[/]");
            AnsiConsole.Write(table);
        }

        // Which towers a layer reads: conv3 and the fully connected layers cross towers (Documentation~/network.md).
        static string TowerOf(NetworkSpec network, LayerSpec layer)
        {
            if (network.Towers == 1) return "single";
            if (layer.Name == "conv1") return "A, B";
            if (layer.Name == "fc8") return "A<-A+B";
            if (layer.Name == "conv3" || layer.Name.StartsWith("fc", StringComparison.Ordinal)) return "A+B<-A+B";
            return "A, B";
        }

        static string Millions(long value) => (value / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " M";
    }
}
