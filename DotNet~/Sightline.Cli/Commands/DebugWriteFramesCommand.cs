using System;
using System.CommandLine;
using System.Diagnostics;
using System.Threading;
using Sightline.Capture;
using Sightline.Data;
using Sightline.Imaging;

namespace Sightline.Cli.Commands
{
    /// <summary>
    /// Hidden: writes frames into a dataset as fast as it can until killed (or a time limit), so a test can kill it
    /// mid-write and check that reopening finds every complete frame and no half-written one.
    /// </summary>
    public static class DebugWriteFramesCommand
    {
        /// <summary>Starts each stdout line naming a frame the writer reported written (relative path in the dataset).</summary>
        public const string DurablePrefix = "durable ";

        public static Command Create()
        {
            var path = new Argument<string>("dataset") { Description = "dataset folder to write into" };
            var size = new Option<int>("--size") { Description = "frame side in pixels", DefaultValueFactory = _ => 64 };
            var delay = new Option<int>("--delay-ms") { Description = "pause between frames", DefaultValueFactory = _ => 0 };
            var seconds = new Option<int>("--seconds") { Description = "stop after this many seconds if nobody kills us", DefaultValueFactory = _ => 30 };
            var command = new Command("debug-write-frames", "Write frames until killed (crash-safety tests).") { path, size, delay, seconds };
            command.Hidden = true;
            command.SetAction(parse =>
            {
                int side = parse.GetValue(size);
                var limit = Stopwatch.StartNew();
                using var writer = DatasetWriter.Open(parse.GetValue(path)!, new DatasetWriterOptions { MaxPendingFrames = 8, FramesPerManifestWrite = 4 });
                // "durable PATH" once the writer reports a frame on disk: a kill after this line must not lose it.
                writer.FrameWritten += record =>
                {
                    lock (Console.Out)
                    {
                        Console.WriteLine(DurablePrefix + record.Path);
                        Console.Out.Flush();
                    }
                };
                var random = new Randomness.SeededRandom(1);
                bool announced = false;
                for (int i = 0; limit.Elapsed.TotalSeconds < parse.GetValue(seconds); i++)
                {
                    var pixels = new byte[side * side * 4];
                    for (int k = 0; k < pixels.Length; k++) pixels[k] = (byte)(random.NextUInt64() >> 56);
                    var frame = new Frame(pixels, side, side, PixelFormat.Rgba32, ColorEncoding.Srgb, bottomUp: i % 2 == 0);
                    string label = "label" + (i % 3);
                    var details = new CaptureDetails
                    {
                        Source = "debug", Split = i % 5 == 0 ? DatasetSplit.Validation : DatasetSplit.Train,
                    };
                    // Alternate the two paths so a kill can land in either.
                    if (i % 4 == 3) writer.Write(frame, label, details);
                    else if (!writer.Enqueue(frame, label, details)) Thread.Sleep(1);
                    if (parse.GetValue(delay) > 0) Thread.Sleep(parse.GetValue(delay));
                    if (!announced && writer.FrameCount > 0)
                    {
                        lock (Console.Out)
                        {
                            Console.WriteLine("writing");
                            Console.Out.Flush();
                        }
                        announced = true;
                    }
                }
                return 0;
            });
            return command;
        }
    }
}
