using System;
using System.Diagnostics;
using System.IO;
using Sightline.Data;
using Sightline.Cpu;
using Sightline.Training.Batches;
using Sightline.Training.Checkpoints;
using Sightline.Training.Sessions;

namespace Sightline.Cli.Reliability
{
    /// <summary>
    /// A NaN gradient in the middle of training (with a checkpoint after every step, and with checkpoints only at
    /// epoch ends): training must stop as diverged, the checkpoint on disk must be the last good one (finite weights,
    /// taken before the NaN step), and a run resumed from it must complete.
    /// </summary>
    public static class DivergenceDrill
    {
        public static ReliabilityRow Run(int seed, string? workFolder = null)
        {
            var row = new ReliabilityRow("divergence");
            var clock = Stopwatch.StartNew();
            string work = workFolder ?? DrillData.NewFolder("nan");
            Directory.CreateDirectory(work);
            var random = new Random(seed);
            try
            {
                string dataset = DrillData.WriteDataset(Path.Combine(work, "data"), 8, 4);
                var spec = DrillData.TinySpec();
                using var data = DatasetBatches.ForTraining(dataset, null, spec.InputSize, spec.StoredSize);
                int perEpoch = Math.Max(1, data.Source.Count(DatasetSplit.Train) / 8);
                var steps = new System.Collections.Generic.List<string>();
                foreach (int every in new[] { 1, 0 })
                {
                    // Somewhere in the second epoch, so a good checkpoint exists.
                    long poison = perEpoch + 1 + random.Next(perEpoch);
                    steps.Add($"NaN at step {poison} (checkpoint every {(every == 0 ? "epoch" : every + " step")})");
                    Once(data, Path.Combine(work, "run" + every), every, poison, row);
                }
                row.Detail = string.Join("; ", steps);
            }
            catch (Exception e)
            {
                row.Unhandled(e.GetType().Name + ": " + e.Message);
            }
            finally
            {
                if (workFolder == null) DrillData.TryDelete(work);
            }
            row.Seconds = clock.Elapsed.TotalSeconds;
            return row;
        }

        static void Once(DatasetBatches data, string run, int checkpointEvery, long poison, ReliabilityRow row)
        {
            var spec = DrillData.TinySpec();
            row.InputsTried++;
            TrainingResult result;
            using (var engine = new NanGradientEngine(new CpuEngine(spec, 8, new CpuEngineOptions { ThreadCount = 1 }), poison))
            {
                result = TrainingSession.Start(engine, data.Source, DrillData.Settings(4, checkpointEvery), run).Run();
                if (engine.Injected) row.FaultsInjected++;
            }
            if (result.Reason != StopReason.Diverged)
            {
                row.Problem($"a NaN gradient at step {poison} ended training as {result.Reason}: {result.Message}");
                return;
            }
            string file = new RunFolder(run).Checkpoint;
            Checkpoint good;
            try
            {
                good = CheckpointFile.Load(file);
            }
            catch (CheckpointException e)
            {
                row.Lost("after divergence: " + e.Message);
                return;
            }
            if (good.State.Step >= poison) row.Lost($"{file} holds step {good.State.Step}, taken after the NaN gradient of step {poison}");
            foreach (float w in good.Model.Parameters)
                if (float.IsNaN(w) || float.IsInfinity(w))
                {
                    row.Lost($"{file} holds non-finite weights");
                    break;
                }
            // The last good checkpoint is a usable starting point: the same run, resumed without the fault, completes.
            using (var clean = new CpuEngine(spec, 8, new CpuEngineOptions { ThreadCount = 1 }))
            {
                var resumed = TrainingSession.Resume(good, clean, data.Source, run, epochs: good.State.Epoch + 1).Run();
                if (resumed.Reason != StopReason.Completed) row.Problem($"resuming the last good checkpoint ended as {resumed.Reason}: {resumed.Message}");
                else row.CrashesSurvived++;
            }
        }
    }
}
