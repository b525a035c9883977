#nullable enable
using Sightline.Charts;

namespace Sightline.Editor.Training.Runs
{
    /// <summary>
    /// The Training window's curves of one run: the smoothed loss per step while it trains (at each epoch's end for
    /// epochs read back from metrics.jsonl), and train and validation top-1 accuracy per epoch.
    /// </summary>
    public sealed class RunCurves
    {
        public ChartSeries Loss { get; } = new ChartSeries("loss");
        public ChartSeries TrainAccuracy { get; } = new ChartSeries("train top-1");
        public ChartSeries ValidationAccuracy { get; } = new ChartSeries("validation top-1");

        public void AddEpoch(LoggedEpoch epoch)
        {
            var m = epoch.Metrics;
            if (epoch.Step >= 0) Loss.Add(epoch.Step, m.TrainLoss);
            TrainAccuracy.Add(m.Epoch, 1 - m.TrainTop1Error);
            ValidationAccuracy.Add(m.Epoch, 1 - m.ValidationTop1Error);
        }

        /// <summary>The curves of the epochs logged in <paramref name="runFolder"/> (none when it has no log).</summary>
        public static RunCurves Load(string runFolder)
        {
            var curves = new RunCurves();
            foreach (var epoch in new EpochLog(runFolder).Read(out _)) curves.AddEpoch(epoch);
            return curves;
        }
    }
}
