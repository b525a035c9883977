using System;
using System.Runtime.InteropServices;

namespace Sightline.Cpu
{
    /// <summary>
    /// Float memory outside the managed heap, 64-byte aligned: the CPU engine's activations, parameters and scratch.
    /// The GC never moves or scans it, so kernels take raw pointers without pinning.
    /// </summary>
    public sealed unsafe class NativeBuffer : IDisposable
    {
        IntPtr _raw;

        public NativeBuffer(long length)
        {
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "buffer length must not be negative");
            Length = length;
            _raw = Marshal.AllocHGlobal((IntPtr)(length * sizeof(float) + 64));
            long aligned = ((long)_raw + 63) & ~63L;
            Pointer = (float*)aligned;
            Clear();
        }

        public float* Pointer { get; private set; }
        public long Length { get; }

        public Span<float> Span => new Span<float>(Pointer, checked((int)Length));

        public Span<float> Slice(long start, int length)
        {
            if (start < 0 || length < 0 || start + length > Length) throw new ArgumentOutOfRangeException(nameof(start), $"slice [{start}, {start + length}) is outside a buffer of {Length} floats");
            return new Span<float>(Pointer + start, length);
        }

        public void Clear()
        {
            long remaining = Length;
            float* p = Pointer;
            while (remaining > 0)
            {
                int chunk = (int)Math.Min(remaining, int.MaxValue / 4);
                new Span<float>(p, chunk).Clear();
                p += chunk;
                remaining -= chunk;
            }
        }

        public void Dispose()
        {
            if (_raw == IntPtr.Zero) return;
            Marshal.FreeHGlobal(_raw);
            _raw = IntPtr.Zero;
            Pointer = null;
            GC.SuppressFinalize(this);
        }

        ~NativeBuffer()
        {
            if (_raw != IntPtr.Zero) Marshal.FreeHGlobal(_raw);
        }
    }
}
