using System;

namespace Sightline.Cpu
{
    /// <summary>Per-channel sums over [B, C, plane] tensors: the bias gradient of convolution and fully connected layers.</summary>
    internal static unsafe class Planes
    {
        /// <summary>sums[c] = sum over b and the plane of data[b, c, :] (overwrites; double accumulation in a fixed order).</summary>
        public static void SumPerChannel(CpuContext context, float* data, float* sums, int batch, int channels, int plane)
        {
            var job = context.Job<SumJob>();
            job.Data = data;
            job.Sums = sums;
            job.Batch = batch;
            job.Channels = channels;
            job.Plane = plane;
            context.Run(channels, job);
        }

        sealed class SumJob : ParallelJob
        {
            public float* Data, Sums;
            public int Batch, Channels, Plane;

            public override void Execute(int c, int worker)
            {
                double total = 0;
                for (int b = 0; b < Batch; b++)
                {
                    float* p = Data + ((long)b * Channels + c) * Plane;
                    for (int i = 0; i < Plane; i++) total += p[i];
                }
                Sums[c] = (float)total;
            }
        }
    }
}
