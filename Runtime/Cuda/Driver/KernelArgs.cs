using System;

namespace Sightline.Cuda.Driver
{
    /// <summary>
    /// Kernel arguments for cuLaunchKernel, stored inline (no allocation per launch): up to 24 values of 8 bytes or
    /// less, in the kernel's parameter order. Device pointers go in as ulong (CUdeviceptr).
    /// Example: <c>var args = new KernelArgs(); args.Add(y.Address); args.Add(x.Address); args.Add(2f); args.Add(n);</c>
    /// </summary>
    public unsafe struct KernelArgs
    {
        public const int Capacity = 24;
        fixed ulong _slots[Capacity];
        int _count;

        public int Count => _count;

        public void Add(ulong value) => Slot() = value;
        public void Add(long value) => Slot() = (ulong)value;
        public void Add(int value) { ulong s = 0; *(int*)&s = value; Slot() = s; }
        public void Add(uint value) { ulong s = 0; *(uint*)&s = value; Slot() = s; }
        public void Add(float value) { ulong s = 0; *(float*)&s = value; Slot() = s; }
        public void Add(double value) { ulong s = 0; *(double*)&s = value; Slot() = s; }

        ref ulong Slot()
        {
            if (_count == Capacity) throw new InvalidOperationException($"a kernel launch takes at most {Capacity} arguments here");
            return ref _slots[_count++];
        }

        internal ulong this[int index] => _slots[index];

        public void Clear() => _count = 0;
    }
}
