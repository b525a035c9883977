using System;

namespace Sightline.Cuda.Driver
{
    /// <summary>A kernel of a loaded module; valid while the module is.</summary>
    public sealed unsafe class CudaKernel
    {
        const int AttrMaxDynamicSharedSizeBytes = 8; // CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES

        internal CudaKernel(CudaModule module, string name, IntPtr handle)
        {
            Module = module;
            Name = name;
            Handle = handle;
        }

        public CudaModule Module { get; }
        public string Name { get; }
        /// <summary>The CUfunction.</summary>
        public IntPtr Handle { get; }

        /// <summary>Allows more than 48 KiB of dynamic shared memory per block (up to the device's opt-in limit).</summary>
        public void SetMaxDynamicSharedMemory(int bytes)
        {
            var context = Module.Context;
            context.MakeCurrent();
            context.Api.Ensure(context.Api.cuFuncSetAttribute, "cuFuncSetAttribute");
            context.Api.Check(context.Api.cuFuncSetAttribute(Handle, AttrMaxDynamicSharedSizeBytes, bytes), "cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES) for " + Name);
        }

        /// <summary>Queues the kernel on <paramref name="stream"/> (captured into a graph when the stream is capturing).</summary>
        public void Launch(CudaStream stream, Dim3 grid, Dim3 block, in KernelArgs args, int sharedMemoryBytes = 0)
        {
            if (grid.X == 0 || grid.Y == 0 || grid.Z == 0 || block.X == 0 || block.Y == 0 || block.Z == 0)
                throw new ArgumentException($"kernel {Name}: grid {grid} and block {block} must be at least 1 in every dimension");
            int count = args.Count;
            ulong* slots = stackalloc ulong[KernelArgs.Capacity];
            void** pointers = stackalloc void*[KernelArgs.Capacity];
            for (int i = 0; i < count; i++)
            {
                slots[i] = args[i];
                pointers[i] = slots + i;
            }
            var context = Module.Context;
            context.MakeCurrent();
            int status = context.Api.cuLaunchKernel(Handle, grid.X, grid.Y, grid.Z, block.X, block.Y, block.Z, (uint)sharedMemoryBytes,
                stream.Handle, pointers, null);
            if (status != DriverApi.Success)
                throw new CudaException("cuLaunchKernel", status, context.Api.StatusText(status), $"kernel {Name}, grid {grid}, block {block}, {sharedMemoryBytes} bytes shared");
        }

        public override string ToString() => Name;
    }
}
