using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Text.Json;
using Sightline.Cuda;
using Sightline.Cuda.Kernels;
using Sightline.Cuda.Loading;
using Sightline.Cuda.Nvrtc;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline check kernels`: compiles every embedded kernel with NVRTC (no GPU needed). Exit 1 when one fails.</summary>
    public static class CheckKernelsCommand
    {
        public static Command Create()
        {
            var nvrtc = new Option<string?>("--nvrtc") { Description = "path of libnvrtc to use (default: the loader's search)" };
            var arch = new Option<string>("--arch") { Description = "comma-separated targets", DefaultValueFactory = _ => "compute_80,compute_90" };
            var json = new Option<bool>("--json") { Description = "print JSON instead of lines" };
            var command = new Command("kernels", "Compile every kernel in Native~/kernels (embedded) with NVRTC for the given architectures.") { nvrtc, arch, json };
            command.SetAction(parse =>
            {
                NvrtcApi api;
                string? path = parse.GetValue(nvrtc);
                try
                {
                    api = string.IsNullOrEmpty(path) ? CudaLibraries.Nvrtc : NvrtcApi.LoadFrom(path);
                }
                catch (CudaUnavailableException e)
                {
                    if (!string.IsNullOrEmpty(path)) throw new UserInputException($"--nvrtc {path}: {e.Message}");
                    // Nothing was compiled: not run, which is not a pass.
                    Console.Error.WriteLine("sightline: check kernels did not run: " + e.Message);
                    return CliRunner.NotRun;
                }
                var targets = parse.GetValue(arch)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (var t in targets)
                    if (!(t.StartsWith("compute_", StringComparison.Ordinal) || t.StartsWith("sm_", StringComparison.Ordinal)))
                        throw new UserInputException($"--arch: '{t}' is not compute_XY or sm_XY");
                var compiler = new NvrtcCompiler(api, cache: null);
                var rows = new List<(string Kernel, string Target, bool Ok, int Bytes, string Log, string Kind)>();
                foreach (var kernel in KernelSources.All.Keys.OrderBy(k => k, StringComparer.Ordinal))
                    foreach (var target in targets)
                    {
                        try
                        {
                            var compiled = compiler.Compile(KernelSources.All[kernel], kernel, target);
                            rows.Add((kernel, target, true, compiled.Image.Length, compiled.Log, compiled.IsCubin ? "CUBIN" : "PTX"));
                        }
                        catch (NvrtcCompileException e)
                        {
                            rows.Add((kernel, target, false, 0, e.Log, ""));
                        }
                        catch (CudaException e)
                        {
                            rows.Add((kernel, target, false, 0, e.Message, ""));
                        }
                    }
                int failed = rows.Count(r => !r.Ok);
                if (parse.GetValue(json))
                {
                    var doc = new
                    {
                        nvrtc = api.Library.Path,
                        nvrtcVersion = compiler.Version,
                        passed = rows.Count - failed,
                        failed,
                        kernels = rows.Select(r => new { kernel = r.Kernel, target = r.Target, ok = r.Ok, bytes = r.Bytes, log = r.Log }).ToArray(),
                    };
                    Console.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
                }
                else
                {
                    Console.WriteLine($"NVRTC {compiler.Version} from {api.Library.Path}");
                    foreach (var r in rows)
                    {
                        Console.WriteLine($"{(r.Ok ? "PASS" : "FAIL")} {r.Kernel} {r.Target}{(r.Ok ? $"  {r.Bytes} bytes of {r.Kind}" : "")}");
                        if (r.Log.Length > 0) Console.WriteLine("  " + r.Log.Replace("\n", "\n  "));
                    }
                    Console.WriteLine($"{rows.Count - failed} passed, {failed} failed");
                }
                return failed == 0 ? 0 : 1;
            });
            return command;
        }
    }
}
