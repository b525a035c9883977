using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Sightline.Engines;
using Sightline.Randomness;
using Sightline.Render.Raster;
using Sightline.Render.Scenes;

namespace Sightline.Render
{
    /// <summary>
    /// Renders a labelled sequence of random scenes in parallel. Frame i shows kind i mod classes (balanced classes)
    /// and is a pure function of (seed, i), so the sequence does not depend on the thread count.
    /// </summary>
    public sealed class SceneFrames
    {
        public SceneFrames(IReadOnlyList<ShapeKind> kinds, int size, ulong seed)
        {
            if (kinds.Count < 1) throw new ArgumentException("at least one kind is needed", nameof(kinds));
            if (size < 8) throw new ArgumentOutOfRangeException(nameof(size), size, "frames must be at least 8 pixels");
            Kinds = kinds;
            Size = size;
            Seed = seed;
        }

        public IReadOnlyList<ShapeKind> Kinds { get; }
        public int Size { get; }
        public ulong Seed { get; }
        /// <summary>Samples per pixel side (1: none, 2: 4 samples per pixel).</summary>
        public int Supersample { get; set; } = 2;
        /// <summary>Clutter, occluders and lighting range of the scenes (the demo's easy set unless set).</summary>
        public SceneStyle Style { get; set; } = SceneStyle.Easy;
        /// <summary>Rendering threads (0: all processors).</summary>
        public int Threads { get; set; }

        public ShapeKind LabelOf(int index) => Kinds[index % Kinds.Count];

        /// <summary>One frame, rendered on the calling thread.</summary>
        public RenderedFrame Render(int index, SceneRenderer renderer)
        {
            var rng = new SeededRandom(DropoutMask.Mix(Seed ^ DropoutMask.Mix((ulong)index)));
            var sampler = new SceneSampler(Kinds, Style);
            var scene = sampler.Sample(LabelOf(index), rng);
            var rgb = new byte[Size * Size * 3];
            renderer.Render(scene, rgb);
            return new RenderedFrame(index, Size, rgb, scene.Label, scene, renderer.MainObjectCoverage);
        }

        /// <summary>Frames first .. first+count-1 in order, rendered in parallel chunks (the caller may write each as it comes).</summary>
        public IEnumerable<RenderedFrame> Render(int first, int count, CancellationToken cancellation = default)
        {
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "must not be negative");
            int threads = Threads > 0 ? Threads : Environment.ProcessorCount;
            int chunk = Math.Max(16, threads * 8);
            using var renderers = new ThreadLocal<SceneRenderer>(() => new SceneRenderer(Size, Supersample));
            var buffer = new RenderedFrame[chunk];
            for (int start = 0; start < count; start += chunk)
            {
                cancellation.ThrowIfCancellationRequested();
                int n = Math.Min(chunk, count - start);
                var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellation };
                int offset = first + start;
                Parallel.For(0, n, options, i => buffer[i] = Render(offset + i, renderers.Value!));
                for (int i = 0; i < n; i++) yield return buffer[i];
            }
        }
    }
}
