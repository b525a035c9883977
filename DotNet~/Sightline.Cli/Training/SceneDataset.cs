using System;
using System.Diagnostics;
using System.Threading;
using Sightline.Capture;
using Sightline.Data;
using Sightline.Imaging;
using Sightline.Render;

namespace Sightline.Cli.Training
{
    /// <summary>
    /// Renders labelled scenes into a dataset folder through DatasetWriter, the same path game capture takes.
    /// Of every ten frames of a class, one goes to the validation split (it chooses the best checkpoint) and one to
    /// the test split (it measures the chosen model and nothing else).
    /// </summary>
    public static class SceneDataset
    {
        public const int Every = 10;

        public static (int written, double seconds) Write(string folder, SceneFrames frames, int count, Action<int>? progress, CancellationToken cancellation)
        {
            var clock = Stopwatch.StartNew();
            // Queue everything: PNG encoding runs on the writer's thread while the next frames render.
            using var writer = DatasetWriter.Open(folder, new DatasetWriterOptions { MaxPendingFrames = Math.Max(256, count + 16) });
            int first = writer.FrameCount;
            int done = 0;
            foreach (var frame in frames.Render(first, count, cancellation))
            {
                var details = new CaptureDetails
                {
                    Split = SplitOf(frame.Index, frames.Kinds.Count),
                    Source = "sightline render",
                    Scene = $"seed {frames.Seed} frame {frame.Index}",
                };
                if (!writer.Enqueue(new Frame(frame.Rgb, frame.Size, frame.Size), frame.LabelName, details)) throw new InvalidOperationException($"the dataset writer for {folder} dropped frame {frame.Index}");
                done++;
                progress?.Invoke(done);
            }
            writer.Flush();
            if (writer.FailedCount > 0) throw new UserInputException($"--out: {writer.FailedCount} frames could not be written to '{folder}' (disk full or not writable?)");
            return (done, clock.Elapsed.TotalSeconds);
        }

        /// <summary>Balanced per class: frames are labelled index mod classes, so (index / classes) counts within a class.</summary>
        public static DatasetSplit SplitOf(int index, int classes)
        {
            int k = (index / classes) % Every;
            return k == Every - 1 ? DatasetSplit.Validation : k == Every - 2 ? DatasetSplit.Test : DatasetSplit.Train;
        }
    }
}
