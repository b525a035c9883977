using System;
using System.Diagnostics;
using Sightline.Cuda;
using Sightline.Cuda.Engine;
using Sightline.Cuda.Engine.Planning;
using Sightline.Cuda.Loading;
using Sightline.Model;

namespace Sightline.Cli.Reliability
{
    /// <summary>
    /// Asks the CUDA engine for a batch far too large for the GPU: the error must give the sizes and a suggested batch,
    /// and an engine for the suggested batch must then allocate. Skipped (with the reason) where CUDA is not available.
    /// </summary>
    public static class CudaOomDrill
    {
        public const int HugeBatch = 65536;

        public static ReliabilityRow Run()
        {
            if (!CudaLibraries.IsAvailable(out string reason)) return ReliabilityRow.Skip("CUDA out of memory", "no CUDA: " + reason);
            var row = new ReliabilityRow("CUDA out of memory");
            var clock = Stopwatch.StartNew();
            var spec = NetworkSpec.Paper(1000);
            row.InputsTried++;
            try
            {
                var estimate = CudaMemoryEstimate.For(spec);
                try
                {
                    using var engine = new CudaEngine(spec, new CudaEngineOptions { MaxBatch = HugeBatch });
                    row.Skipped = $"a batch of {HugeBatch} ({estimate.BytesFor(HugeBatch) >> 30} GiB estimated) fit on this GPU: nothing to check";
                }
                catch (CudaBatchTooLargeException e)
                {
                    row.FaultsInjected++;
                    if (!e.Message.Contains("per image") || !e.Message.Contains("free") || e.SuggestedBatch <= 0 || !e.Message.Contains("--batch " + e.SuggestedBatch))
                        row.Problem("the out-of-memory message lacks the sizes or a suggested batch: " + e.Message);
                    row.Detail = e.Message;
                    if (e.SuggestedBatch > 0)
                    {
                        row.InputsTried++;
                        try
                        {
                            using var fits = new CudaEngine(spec, new CudaEngineOptions { MaxBatch = e.SuggestedBatch });
                            row.CrashesSurvived++;
                        }
                        catch (CudaException again)
                        {
                            row.Problem($"the suggested batch {e.SuggestedBatch} does not fit either: {again.Message}");
                        }
                    }
                }
                catch (CudaOutOfMemoryException e)
                {
                    row.Problem("out of memory without the batch advice: " + e.Message);
                }
            }
            catch (Exception e)
            {
                row.Unhandled(e.GetType().Name + ": " + e.Message);
            }
            row.Seconds = clock.Elapsed.TotalSeconds;
            return row;
        }
    }
}
