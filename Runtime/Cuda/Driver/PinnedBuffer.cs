using System;

namespace Sightline.Cuda.Driver
{
    /// <summary>
    /// Page-locked host memory (cuMemHostAlloc, portable to every context) for asynchronous copies.
    /// Dispose frees it; no finalizer calls CUDA.
    /// </summary>
    public sealed unsafe class PinnedBuffer<T> : IDisposable where T : unmanaged
    {
        const uint Portable = 0x01; // CU_MEMHOSTALLOC_PORTABLE
        T* _pointer;

        public PinnedBuffer(CudaContext context, long length)
        {
            if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "a pinned buffer needs at least one element");
            Context = context;
            Length = length;
            context.MakeCurrent();
            void* p;
            long bytes = length * sizeof(T);
            int status = context.Api.cuMemHostAlloc(&p, (nuint)bytes, Portable);
            if (status == DriverApi.ErrorOutOfMemory)
                throw new CudaException("cuMemHostAlloc", status, context.Api.StatusText(status), $"asked for {bytes} bytes of pinned host memory");
            context.Api.Check(status, "cuMemHostAlloc");
            _pointer = (T*)p;
        }

        public CudaContext Context { get; }
        public long Length { get; }
        public T* Pointer => _pointer != null ? _pointer : throw new ObjectDisposedException(nameof(PinnedBuffer<T>));

        public Span<T> AsSpan()
        {
            if (Length > int.MaxValue) throw new InvalidOperationException($"{Length} elements do not fit one span");
            return new Span<T>(Pointer, (int)Length);
        }

        public Span<T> AsSpan(long start, int length)
        {
            CheckRange(start, length);
            return new Span<T>(Pointer + start, length);
        }

        internal void CheckRange(long offset, long count)
        {
            if (offset < 0 || count < 0 || offset + count > Length)
                throw new ArgumentOutOfRangeException(nameof(count), $"elements [{offset}, {offset + count}) are outside a pinned buffer of {Length}");
        }

        public void Dispose()
        {
            if (_pointer == null) return;
            void* p = _pointer;
            _pointer = null;
            Context.MakeCurrent();
            Context.Api.Check(Context.Api.cuMemFreeHost(p), "cuMemFreeHost");
        }
    }
}
