using System;
using System.Globalization;
using System.Threading;
using Sightline.Data;
using Sightline.Training.Metrics;
using Sightline.Training.Sessions;
using Spectre.Console;

namespace Sightline.Cli.Training
{
    /// <summary>
    /// How a command shows a run: a Spectre progress bar on a terminal, one line per epoch when output is redirected,
    /// and nothing on stdout in --json mode (notes then go to stderr, so stdout stays one JSON document).
    /// </summary>
    public sealed class TrainingReporter
    {
        readonly bool _json;
        readonly bool _interactive;

        public TrainingReporter(bool json)
        {
            _json = json;
            _interactive = !json && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        }

        public void Note(string message)
        {
            if (_json) Console.Error.WriteLine(message);
            else AnsiConsole.MarkupLine("[grey]" + Markup.Escape(message) + "[/]");
        }

        public void Line(string message)
        {
            if (_json) Console.Error.WriteLine(message);
            else AnsiConsole.WriteLine(message);
        }

        public void Epoch(EpochMetrics m)
        {
            string validation = double.IsNaN(m.ValidationTop1Error) ? "" :
                string.Format(CultureInfo.InvariantCulture, ", validation loss {0:0.000} top-1 {1:0.0}%", m.ValidationLoss, 100 * (1 - m.ValidationTop1Error));
            Line(string.Format(CultureInfo.InvariantCulture, "epoch {0}: train loss {1:0.000} top-1 {2:0.0}%{3}, lr {4:g3}, {5:0} images/s, {6:0.0} s",
                m.Epoch, m.TrainLoss, 100 * (1 - m.TrainTop1Error), validation, m.LearningRate, m.ImagesPerSecond, m.Seconds));
        }

        /// <summary>Runs the session with a progress display; Ctrl+C (through the token) stops it with a checkpoint.</summary>
        public TrainingResult Track(TrainingSession session, CancellationToken cancellation)
        {
            if (!_interactive) return session.Run(cancellation);
            TrainingResult? result = null;
            AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(context =>
                {
                    var task = context.AddTask("training", maxValue: 1.0);
                    session.StepCompleted += (_, p) =>
                    {
                        task.Description = string.Format(CultureInfo.InvariantCulture, "epoch {0}/{1} loss {2:0.000}", p.Epoch, p.Epochs, p.SmoothedLoss);
                        task.Value = p.Fraction;
                    };
                    result = session.Run(cancellation);
                    task.Value = 1.0;
                });
            return result!;
        }

        /// <summary>Runs an action that may build a frame cache, showing its progress.</summary>
        public T WithCacheProgress<T>(Func<IProgress<CacheBuildProgress>?, T> action)
        {
            if (!_interactive)
            {
                Line("preparing the frame cache...");
                return action(null);
            }
            T value = default!;
            AnsiConsole.Progress().AutoClear(true).Start(context =>
            {
                var task = context.AddTask("decoding frames into the cache", maxValue: 1.0);
                value = action(new Progress<CacheBuildProgress>(p => task.Value = p.Fraction));
                task.Value = 1.0;
            });
            return value;
        }
    }
}
