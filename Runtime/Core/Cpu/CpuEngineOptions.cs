using System;

namespace Sightline.Cpu
{
    /// <summary>Settings of a <see cref="CpuEngine"/>.</summary>
    public sealed class CpuEngineOptions
    {
        int _threadCount;

        /// <summary>
        /// Worker threads including the caller; 0 (default) = one per logical processor. Results are bitwise the same
        /// for a given seed whatever this is (every reduction runs in a fixed order), and certainly for the same value.
        /// </summary>
        public int ThreadCount
        {
            get => _threadCount;
            set
            {
                if (value < 0 || value > 256) throw new ArgumentOutOfRangeException(nameof(ThreadCount), value, "CPU engine thread count must be 0 (all processors) to 256");
                _threadCount = value;
            }
        }

        /// <summary>Seed of the starting parameters (<see cref="Sightline.Model.ParameterInitializer"/> with the spec's scheme).</summary>
        public ulong InitSeed { get; set; }

        /// <summary>Time every layer's forward and backward pass (<see cref="CpuEngine.GetLayerTimes"/>); off by default.</summary>
        public bool Profile { get; set; }
    }
}
