using System;
using System.CommandLine;
using System.Linq;
using System.Text.Json;
using Sightline.Cuda.Diagnostics;
using Spectre.Console;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline doctor`: which CUDA libraries were found (path, version) or why not, and the devices.</summary>
    public static class DoctorCommand
    {
        public static Command Create()
        {
            var json = new Option<bool>("--json") { Description = "print JSON instead of tables" };
            var verbose = new Option<bool>("--verbose") { Description = "list every path tried for each library" };
            var command = new Command("doctor", "Check this machine's CUDA setup: driver, NVRTC, cuBLAS, cuBLASLt, cuDNN and the GPUs.") { json, verbose };
            command.SetAction(parse =>
            {
                var report = CudaDoctor.Inspect();
                if (parse.GetValue(json)) Console.WriteLine(ToJson(report));
                else Print(report, parse.GetValue(verbose));
                return 0;
            });
            return command;
        }

        internal static string ToJson(CudaDoctorReport report)
        {
            var doc = new
            {
                ready = report.Ready,
                driverVersion = report.DriverVersion,
                libraries = report.Libraries.Select(l => new
                {
                    name = l.Library.ToString(),
                    found = l.Path != null,
                    usable = l.Usable,
                    path = l.Path,
                    version = l.Version,
                    problem = l.Problem,
                    attempts = l.Attempts.Select(a => new { candidate = a.Candidate, error = a.Error }).ToArray(),
                }).ToArray(),
                devices = report.Devices.Select(d => new
                {
                    ordinal = d.Ordinal,
                    name = d.Name,
                    computeCapability = $"{d.ComputeMajor}.{d.ComputeMinor}",
                    totalMemoryBytes = d.TotalMemory,
                    multiprocessors = d.MultiprocessorCount,
                    pci = d.PciLocation,
                }).ToArray(),
                deviceProblem = report.DeviceProblem,
                // The last CUDA-graph capture an engine reported failed (when, and why); null when none was recorded.
                graphCaptureFailure = GraphCaptureRecord.Last(),
            };
            return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
        }

        static void Print(CudaDoctorReport report, bool verbose)
        {
            var libraries = new Table().Title("CUDA libraries");
            foreach (var column in new[] { "library", "status", "path", "version / problem" }) libraries.AddColumn(column);
            foreach (var l in report.Libraries)
            {
                string status = l.Usable ? "[green]ok[/]" : l.Path == null ? "[red]missing[/]" : "[red]unusable[/]";
                libraries.AddRow(Markup.Escape(l.Library.ToString()), status, Markup.Escape(l.Path ?? ""), Markup.Escape(l.Problem ?? l.Version ?? ""));
            }
            AnsiConsole.Write(libraries);
            if (verbose)
                foreach (var l in report.Libraries)
                {
                    Console.WriteLine($"{l.Library}:");
                    foreach (var a in l.Attempts) Console.WriteLine("  " + a);
                }
            if (report.Devices.Count > 0)
            {
                var devices = new Table().Title($"GPUs (driver supports CUDA {report.DriverVersion})");
                foreach (var column in new[] { "#", "name", "compute", "memory", "SMs", "PCI" }) devices.AddColumn(column);
                foreach (var d in report.Devices)
                    devices.AddRow(d.Ordinal.ToString(), Markup.Escape(d.Name), $"{d.ComputeMajor}.{d.ComputeMinor}", $"{d.TotalMemory / (1024 * 1024)} MiB",
                        d.MultiprocessorCount.ToString(), d.PciLocation);
                AnsiConsole.Write(devices);
            }
            else Console.WriteLine("No usable GPU: " + report.DeviceProblem);
            string? graphs = GraphCaptureRecord.Last();
            if (graphs != null) Console.WriteLine("CUDA graphs: the last capture failed: " + graphs);
            Console.WriteLine(report.Ready ? "CUDA engine: ready" : "CUDA engine: not available (see above)");
        }
    }
}
