using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Sightline.Cli.Gpu;

namespace Sightline.Cli.Benchmarks
{
    /// <summary>
    /// The peer of `bench data`: PyTorch's DataLoader with torchvision transforms (Tests/Reference/bench_data_torch.py)
    /// on the same files, measured in the same run. Either a rate or the reason it did not run; never a made-up number.
    /// </summary>
    public sealed class TorchDataPeer
    {
        public const string Script = "bench_data_torch.py";

        TorchDataPeer(double? imagesPerSecond, string? notRun, string? versions, int workers)
        {
            ImagesPerSecond = imagesPerSecond;
            NotRun = notRun;
            Versions = versions;
            Workers = workers;
        }

        /// <summary>Null when the peer did not run (then <see cref="NotRun"/> says why).</summary>
        public double? ImagesPerSecond { get; }
        public string? NotRun { get; }
        /// <summary>"torch X, torchvision Y" when it ran.</summary>
        public string? Versions { get; }
        public int Workers { get; }

        /// <param name="interpreter">The python to run (SIGHTLINE_PYTHON or python3 unless given).</param>
        /// <param name="channelMean">Per-channel mean of the stored pixels (0..1), for torchvision's Normalize.</param>
        /// <param name="channelStd">Per-channel standard deviation (0..1).</param>
        public static TorchDataPeer Measure(IReadOnlyList<string> files, int storedSize, int inputSize, int batch, int batches, int workers,
            string interpreter, float[] channelMean, float[] channelStd, string workFolder)
        {
            string script;
            try
            {
                script = PythonRunner.FindReferenceScript(Script, null);
            }
            catch (FileNotFoundException e)
            {
                return new TorchDataPeer(null, e.Message, null, workers);
            }
            var missing = PythonRunner.MissingModules("torch, torchvision, PIL", interpreter);
            if (missing != null) return new TorchDataPeer(null, missing, null, workers);

            Directory.CreateDirectory(workFolder);
            string job = Path.Combine(workFolder, "torch-job.json"), result = Path.Combine(workFolder, "torch-result.json");
            File.WriteAllText(job, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["files"] = files, ["storedSize"] = storedSize, ["inputSize"] = inputSize, ["batch"] = batch,
                ["batches"] = batches, ["workers"] = workers, ["mean"] = channelMean, ["std"] = channelStd,
            }));
            var (code, output) = PythonRunner.Run(new[] { script, job, result }, 900, null, interpreter);
            if (code != 0 || !File.Exists(result))
                return new TorchDataPeer(null, $"{Script} failed (exit {code}): {PythonRunner.Tail(output, 400)}", null, workers);
            using var doc = JsonDocument.Parse(File.ReadAllText(result));
            var root = doc.RootElement;
            double rate = root.GetProperty("imagesPerSecond").GetDouble();
            if (!(rate > 0) || double.IsInfinity(rate)) return new TorchDataPeer(null, $"{Script} reported {rate.ToString(CultureInfo.InvariantCulture)} images/s", null, workers);
            return new TorchDataPeer(rate, null, $"torch {root.GetProperty("torch").GetString()}, torchvision {root.GetProperty("torchvision").GetString()}", workers);
        }
    }
}
