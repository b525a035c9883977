using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Sightline.Cli.Training;
using Sightline.Data;
using Sightline.Model;
using Sightline.Render;
using Sightline.Render.Scenes;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline render`: render labelled 3D scenes into a dataset folder (the demo's data).</summary>
    public static class RenderCommand
    {
        public static Command Create()
        {
            var output = new Option<string>("--out") { Description = "dataset folder to write (created; appended to when it exists)", Required = true };
            var frames = new Option<int>("--frames") { Description = "frames to render", DefaultValueFactory = _ => 3000 };
            var classes = new Option<int?>("--classes") { Description = $"shape classes, the first 2 to {ShapeNames.Count} of {ShapeNames.All} (default: 5 for the easy scenes, all {ShapeNames.Count} for the hard)" };
            var sceneStyle = new Option<string>("--scene") { Description = "easy: the demo's scenes (a little clutter behind the object); hard: more clutter, occluders partly in front of the object, wider-ranging light", DefaultValueFactory = _ => SceneStyle.Easy.Name };
            var size = new Option<int?>("--size") { Description = "stored frame size in pixels (default: the mini spec's, 110)" };
            var seed = new Option<ulong>("--seed") { Description = "scene seed", DefaultValueFactory = _ => 1UL };
            var threads = new Option<int>("--threads") { Description = "rendering threads (0: all processors)", DefaultValueFactory = _ => 0 };
            var json = new Option<bool>("--json") { Description = "print the result as JSON" };
            var command = new Command("render", "Render camera views of random 3D scenes (easy or hard) into a dataset, labelled by the object in view.")
            {
                output, frames, classes, sceneStyle, size, seed, threads, json,
            };
            command.SetAction(parse =>
            {
                int count = parse.GetValue(frames);
                SceneStyle style;
                try
                {
                    style = SceneStyle.Named(parse.GetValue(sceneStyle)!);
                }
                catch (ArgumentException e)
                {
                    throw new UserInputException("--scene: " + e.Message.Split(" (Parameter")[0]);
                }
                int k = parse.GetValue(classes) ?? (style == SceneStyle.Hard ? ShapeNames.Count : 5);
                int side = parse.GetValue(size) ?? NetworkSpec.Mini().StoredSize;
                int t = parse.GetValue(threads);
                if (count < 1) throw new UserInputException($"--frames must be at least 1 (got {count})");
                if (k < 2 || k > ShapeNames.Count) throw new UserInputException($"--classes must be 2 to {ShapeNames.Count} (got {k})");
                if (side < 16 || side > 1024) throw new UserInputException($"--size must be 16 to 1024 pixels (got {side})");
                if (t < 0) throw new UserInputException($"--threads must be 0 or more (got {t})");
                string folder = parse.GetValue(output)!;
                if (File.Exists(folder)) throw new UserInputException($"--out: '{Path.GetFullPath(folder)}' is a file; a dataset is a folder");
                var scenes = new SceneFrames(ShapeNames.First(k), side, parse.GetValue(seed)) { Threads = t, Style = style };
                (int written, double seconds) result;
                try
                {
                    result = SceneDataset.Write(folder, scenes, count, null, default);
                }
                catch (DatasetException e)
                {
                    throw new UserInputException("--out: " + e.Message);
                }
                var labels = scenes.Kinds.Select(ShapeNames.Of).ToArray();
                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        @out = Path.GetFullPath(folder),
                        frames = result.written,
                        size = side,
                        labels,
                        scene = style.Name,
                        seconds = result.seconds,
                        framesPerSecond = result.written / Math.Max(1e-9, result.seconds),
                    }, new JsonSerializerOptions { WriteIndented = true }));
                }
                else
                {
                    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "rendered {0} {5} frames ({1}x{1}, classes {2}) into {3} in {4:0.0} s",
                        result.written, side, string.Join(", ", labels), Path.GetFullPath(folder), result.seconds, style.Name));
                }
                return 0;
            });
            return command;
        }
    }
}
