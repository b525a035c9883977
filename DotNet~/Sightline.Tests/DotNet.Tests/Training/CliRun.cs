using System;
using System.Diagnostics;
using System.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Sightline.Tests.Training
{
    /// <summary>Runs the CLI in process (capturing its output) or as a child process, and makes small ImageFolder trees.</summary>
    static class CliRun
    {
        public static (int code, string output, string error) InProcess(params string[] args) => ConsoleCapture.Sightline(args);

        /// <summary>Starts `sightline ARGS` as its own process (so it can be killed), output to files.</summary>
        public static Process Start(string logFolder, params string[] args)
        {
            string dll = typeof(Sightline.Cli.Program).Assembly.Location;
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.ArgumentList.Add(dll);
            foreach (var a in args) info.ArgumentList.Add(a);
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, e) => { if (e.Data != null) File.AppendAllText(Path.Combine(logFolder, "child.out"), e.Data + "\n"); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) File.AppendAllText(Path.Combine(logFolder, "child.err"), e.Data + "\n"); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        /// <summary>An ImageFolder tree (root/label/name.png) of three pattern classes in random colours, 64x48 pixels by default.</summary>
        public static string ImageFolder(string root, int perClass, int seed, int width = 64, int height = 48)
        {
            var random = new Random(seed);
            string[] labels = { "dots", "rows", "columns" };
            for (int c = 0; c < labels.Length; c++)
            {
                Directory.CreateDirectory(Path.Combine(root, labels[c]));
                for (int i = 0; i < perClass; i++)
                {
                    using var image = new Image<Rgb24>(width, height);
                    var a = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                    var b = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                    int period = 6 + random.Next(6);
                    for (int y = 0; y < height; y++)
                        for (int x = 0; x < width; x++)
                        {
                            bool on = c == 0 ? (x % period < 2 && y % period < 2) : c == 1 ? y % period < period / 2 : x % period < period / 2;
                            image[x, y] = on ? a : b;
                        }
                    image.SaveAsPng(Path.Combine(root, labels[c], $"{i:000}.png"));
                }
            }
            return root;
        }

        public static string NewFolder(string name) => Path.Combine(Path.GetTempPath(), "sightline-cli-" + name + "-" + Guid.NewGuid().ToString("N"));
    }
}
