#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Sightline.Training.Metrics;

namespace Sightline.Editor.Training.Runs
{
    /// <summary>One epoch as the run folder's log holds it: the session's metrics and the step the epoch ended at.</summary>
    public sealed class LoggedEpoch
    {
        public LoggedEpoch(EpochMetrics metrics, long step)
        {
            Metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
            Step = step;
        }

        public EpochMetrics Metrics { get; }
        /// <summary>Optimiser steps done when the epoch ended (-1 when the line was rebuilt from a checkpoint's history).</summary>
        public long Step { get; }
    }

    /// <summary>
    /// metrics.jsonl in a run folder: one JSON object per finished epoch, appended as the run goes, so the window's
    /// curves come back when it reopens (after a script reload, a restart) and other tools can read them. The
    /// checkpoint's history is the truth: a resumed run first cuts the log back to the epochs its checkpoint holds.
    /// </summary>
    public sealed class EpochLog
    {
        public const string FileName = "metrics.jsonl";

        public EpochLog(string runFolder)
        {
            if (string.IsNullOrWhiteSpace(runFolder)) throw new ArgumentException("a run folder is required", nameof(runFolder));
            Path = System.IO.Path.Combine(System.IO.Path.GetFullPath(runFolder), FileName);
        }

        public string Path { get; }

        /// <summary>Appends one epoch (one line, flushed to disk before returning).</summary>
        public void Append(EpochMetrics metrics, long step)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var bytes = Encoding.UTF8.GetBytes(Line(metrics, step) + "\n");
            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(true);
        }

        /// <summary>
        /// The epochs logged so far, in order; a line that does not parse (a write torn by a crash) is left out and
        /// counted in <paramref name="unreadable"/>. No file: none.
        /// </summary>
        public List<LoggedEpoch> Read(out int unreadable)
        {
            unreadable = 0;
            var epochs = new List<LoggedEpoch>();
            if (!File.Exists(Path)) return epochs;
            foreach (var line in File.ReadAllLines(Path))
            {
                if (line.Trim().Length == 0) continue;
                try
                {
                    epochs.Add(FromLine(line));
                }
                catch (FormatException)
                {
                    unreadable++;
                }
            }
            return epochs;
        }

        /// <summary>
        /// Makes the log hold exactly <paramref name="history"/> (a resumed checkpoint's epochs): logged lines are
        /// kept for those epochs (with their steps), lines for later epochs (logged after the checkpoint) go, and
        /// epochs missing from the log are written from the history. Written to a temporary file and moved over.
        /// </summary>
        public void Reconcile(IReadOnlyList<EpochMetrics> history)
        {
            var logged = Read(out _);
            var lines = new StringBuilder();
            for (int i = 0; i < history.Count; i++)
            {
                var match = logged.Find(e => e.Metrics.Epoch == history[i].Epoch);
                lines.Append(Line(history[i], match?.Step ?? -1)).Append('\n');
            }
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            string temporary = Path + ".tmp";
            File.WriteAllText(temporary, lines.ToString());
            if (File.Exists(Path)) File.Delete(Path);
            File.Move(temporary, Path);
        }

        static string Line(EpochMetrics m, long step) => FlatJson.Write(new[]
        {
            Field("epoch", m.Epoch),
            Field("step", step),
            Field("learningRate", m.LearningRate),
            Field("trainLoss", m.TrainLoss),
            Field("trainTop1Error", m.TrainTop1Error),
            Field("trainTop5Error", m.TrainTop5Error),
            Field("validationLoss", m.ValidationLoss),
            Field("validationTop1Error", m.ValidationTop1Error),
            Field("validationTop5Error", m.ValidationTop5Error),
            Field("seconds", m.Seconds),
            Field("imagesPerSecond", m.ImagesPerSecond),
        });

        static KeyValuePair<string, object?> Field(string key, object? value) => new KeyValuePair<string, object?>(key, value);

        static LoggedEpoch FromLine(string line)
        {
            var f = FlatJson.Parse(line);
            double epoch = FlatJson.Number(f, "epoch");
            if (double.IsNaN(epoch)) throw new FormatException("a metrics line has no epoch");
            double step = FlatJson.Number(f, "step");
            var metrics = new EpochMetrics
            {
                Epoch = (int)epoch,
                LearningRate = (float)FlatJson.Number(f, "learningRate"),
                TrainLoss = FlatJson.Number(f, "trainLoss"),
                TrainTop1Error = FlatJson.Number(f, "trainTop1Error"),
                TrainTop5Error = FlatJson.Number(f, "trainTop5Error"),
                ValidationLoss = FlatJson.Number(f, "validationLoss"),
                ValidationTop1Error = FlatJson.Number(f, "validationTop1Error"),
                ValidationTop5Error = FlatJson.Number(f, "validationTop5Error"),
                Seconds = FlatJson.Number(f, "seconds"),
                ImagesPerSecond = FlatJson.Number(f, "imagesPerSecond"),
            };
            return new LoggedEpoch(metrics, double.IsNaN(step) ? -1 : (long)step);
        }
    }
}
