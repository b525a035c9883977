using System;
using System.Globalization;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MessagePack;

namespace Sightline.Data
{
    /// <summary>Decodes a dataset into a cache file (in parallel), computing the mean image and RGB covariance of the training frames on the way.</summary>
    internal static unsafe class FrameCacheBuilder
    {
        /// <summary>SHA-256 over the cache format, the stored size, the label list and every frame's path, label, split, byte size and modification time.</summary>
        public static string Fingerprint(Dataset dataset, int storedSize)
        {
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                void Add(string text)
                {
                    var bytes = Encoding.UTF8.GetBytes(text);
                    hash.AppendData(bytes);
                }
                Add("sightline-cache/" + CacheFileHeader.Version + "/" + storedSize.ToString(CultureInfo.InvariantCulture) + "\n");
                // The label list, not only the labels in use: an empty label folder still shifts every index after it.
                foreach (var label in dataset.Labels.Names) Add("label|" + label + "\n");
                var line = new StringBuilder();
                foreach (var frame in dataset.Frames)
                {
                    line.Clear();
                    line.Append(frame.RelativePath).Append('|').Append(frame.Label).Append('|').Append((int)frame.Split).Append('|')
                        .Append(frame.Length.ToString(CultureInfo.InvariantCulture)).Append('|')
                        .Append(frame.LastWriteUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    Add(line.ToString());
                }
                return string.Concat(hash.GetHashAndReset().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            }
        }

        // Per-thread statistics, merged at the end: exact integer sums, so the result does not depend on thread timing.
        sealed class Partial
        {
            public readonly byte[] Buffer;
            public readonly long[] PixelSums;
            public readonly long[] Moments = new long[9]; // sum R, G, B, RR, RG, RB, GG, GB, BB
            public int Frames;

            public Partial(int frameBytes)
            {
                Buffer = new byte[frameBytes];
                PixelSums = new long[frameBytes];
            }
        }

        public static void Build(Dataset dataset, int storedSize, string fingerprint, string path, FrameCacheOptions options, IProgress<CacheBuildProgress>? progress, CancellationToken cancellationToken)
        {
            var frames = dataset.Frames;
            int n = frames.Count;
            if (n == 0) throw DatasetException.At(dataset.Root, "the dataset has no images to train on");
            int frameBytes = storedSize * storedSize * 3;
            bool anyTrain = frames.Any(f => f.Split == DatasetSplit.Train);
            var valid = new bool[n];
            var errors = new string?[n];
            var pixelSums = new long[frameBytes];
            var moments = new long[9];
            int statsFrames = 0;
            int done = 0, skipped = 0;
            object merge = new object();
            string temp = AtomicFile.TempPathFor(path);
            long length = CacheFileHeader.FramesOffset + (long)n * frameBytes;
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
                {
                    stream.SetLength(length);
                    using (var map = MemoryMappedFile.CreateFromFile(stream, null, length, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, true))
                    using (var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.ReadWrite))
                    {
                        byte* p = null;
                        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
                        IntPtr framesBase = (IntPtr)(p + view.PointerOffset + CacheFileHeader.FramesOffset);
                        try
                        {
                            var parallel = new ParallelOptions
                            {
                                CancellationToken = cancellationToken,
                                MaxDegreeOfParallelism = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount,
                            };
                            Parallel.For(0, n, parallel, () => new Partial(frameBytes), (i, state, local) =>
                            {
                                var frame = frames[i];
                                try
                                {
                                    ImageDecoder.DecodeSquare(frame.Path, storedSize, local.Buffer, 0, options.Limits);
                                    local.Buffer.AsSpan().CopyTo(new Span<byte>((byte*)framesBase + (long)i * frameBytes, frameBytes));
                                    valid[i] = true;
                                    if (!anyTrain || frame.Split == DatasetSplit.Train) Accumulate(local);
                                }
                                catch (ImageDecodeException e)
                                {
                                    errors[i] = e.Problem;
                                    Interlocked.Increment(ref skipped);
                                }
                                int d = Interlocked.Increment(ref done);
                                if (progress != null && (d == n || (d & 15) == 0)) progress.Report(new CacheBuildProgress(d, n, Volatile.Read(ref skipped)));
                                return local;
                            }, local =>
                            {
                                lock (merge)
                                {
                                    for (int k = 0; k < frameBytes; k++) pixelSums[k] += local.PixelSums[k];
                                    for (int k = 0; k < 9; k++) moments[k] += local.Moments[k];
                                    statsFrames += local.Frames;
                                }
                            });
                        }
                        finally
                        {
                            view.SafeMemoryMappedViewHandle.ReleasePointer();
                        }
                        view.Flush();
                    }

                    var meta = new CacheMeta { Fingerprint = fingerprint, StoredSize = storedSize, StatsFrames = statsFrames };
                    meta.Labels.AddRange(dataset.Labels.Names);
                    for (int i = 0; i < n; i++)
                    {
                        if (valid[i]) meta.Entries.Add(new CacheEntry(frames[i].RelativePath, frames[i].LabelIndex, frames[i].Split, i));
                        else meta.Skipped.Add(new DatasetProblem(ProblemSeverity.Error, frames[i].Path, errors[i] ?? "not decoded"));
                    }
                    meta.Mean = MeanImage(pixelSums, statsFrames);
                    meta.Covariance = Covariance(moments, (long)statsFrames * storedSize * storedSize);
                    byte[] metaBytes = CacheMetaFormatter.ToBytes(meta);
                    stream.Position = length;
                    stream.Write(metaBytes, 0, metaBytes.Length);
                    stream.Position = 0;
                    new CacheFileHeader { StoredSize = storedSize, SlotCount = n, MetaOffset = length, MetaLength = metaBytes.Length }.Write(stream);
                    stream.Flush(true);
                }
                AtomicFile.MoveOver(temp, path);
            }
            catch
            {
                AtomicFile.TryDelete(temp);
                throw;
            }
        }

        static void Accumulate(Partial local)
        {
            var b = local.Buffer;
            var sums = local.PixelSums;
            long r = 0, g = 0, bl = 0, rr = 0, rg = 0, rb = 0, gg = 0, gb = 0, bb = 0;
            for (int k = 0; k < b.Length; k += 3)
            {
                int R = b[k], G = b[k + 1], B = b[k + 2];
                sums[k] += R;
                sums[k + 1] += G;
                sums[k + 2] += B;
                r += R; g += G; bl += B;
                rr += R * R; rg += R * G; rb += R * B;
                gg += G * G; gb += G * B; bb += B * B;
            }
            var m = local.Moments;
            m[0] += r; m[1] += g; m[2] += bl; m[3] += rr; m[4] += rg; m[5] += rb; m[6] += gg; m[7] += gb; m[8] += bb;
            local.Frames++;
        }

        static float[] MeanImage(long[] sums, int frames)
        {
            var mean = new float[sums.Length];
            if (frames == 0) return mean;
            for (int k = 0; k < sums.Length; k++) mean[k] = (float)((double)sums[k] / frames);
            return mean;
        }

        // Covariance of (R, G, B)/255 over all pixels: E[x x^T] - E[x] E[x]^T.
        static double[] Covariance(long[] m, long pixels)
        {
            var cov = new double[9];
            if (pixels == 0) return cov;
            double s = 1.0 / 255.0;
            double mr = m[0] * s / pixels, mg = m[1] * s / pixels, mb = m[2] * s / pixels;
            double ss = s * s / pixels;
            double crr = m[3] * ss - mr * mr, crg = m[4] * ss - mr * mg, crb = m[5] * ss - mr * mb;
            double cgg = m[6] * ss - mg * mg, cgb = m[7] * ss - mg * mb, cbb = m[8] * ss - mb * mb;
            cov[0] = crr; cov[1] = crg; cov[2] = crb;
            cov[3] = crg; cov[4] = cgg; cov[5] = cgb;
            cov[6] = crb; cov[7] = cgb; cov[8] = cbb;
            return cov;
        }
    }
}
