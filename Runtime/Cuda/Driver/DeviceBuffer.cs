using System;

namespace Sightline.Cuda.Driver
{
    /// <summary>
    /// Device memory holding <see cref="Length"/> elements of T (cuMemAlloc_v2). Copies take host spans (synchronous)
    /// or pinned buffers and a stream (asynchronous). Not disposing leaks the memory until the context goes away;
    /// no finalizer calls CUDA.
    ///
    /// The synchronous helpers (CopyFrom, CopyTo, Clear and Fill without a stream, device copies without a stream)
    /// run on the legacy stream and return only when their work is complete: the driver's own "synchronous"
    /// memset and pageable-memory copies may still be in flight when they return, and the legacy stream does not
    /// order with the non-blocking streams <see cref="CudaStream"/> makes. They do not wait for work still queued
    /// on your streams: synchronize those first when that work touches the buffer.
    /// </summary>
    public sealed unsafe class DeviceBuffer<T> : IDisposable where T : unmanaged
    {
        ulong _address;

        public DeviceBuffer(CudaContext context, long length)
        {
            if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "a device buffer needs at least one element");
            Context = context;
            Length = length;
            context.MakeCurrent();
            var api = context.Api;
            ulong address;
            long bytes = SizeInBytes;
            int status = api.cuMemAlloc_v2(&address, (nuint)bytes);
            if (status == DriverApi.ErrorOutOfMemory)
            {
                var (free, total) = context.MemoryInfo();
                throw new CudaOutOfMemoryException("cuMemAlloc_v2", status, api.StatusText(status), bytes, free, total,
                    $"device {context.Device.Ordinal} ({context.Device.Name})");
            }
            api.Check(status, "cuMemAlloc_v2");
            _address = address;
        }

        public CudaContext Context { get; }
        public long Length { get; }
        public long SizeInBytes => Length * sizeof(T);
        /// <summary>The CUdeviceptr, for kernel arguments and library calls.</summary>
        public ulong Address => _address != 0 ? _address : throw new ObjectDisposedException(nameof(DeviceBuffer<T>));

        /// <summary>Address of element <paramref name="index"/> (for sub-ranges: one tower's half, one layer's weights).</summary>
        public ulong ElementAddress(long index)
        {
            if ((ulong)index > (ulong)Length) throw new ArgumentOutOfRangeException(nameof(index), index, $"outside a buffer of {Length} elements");
            return Address + (ulong)(index * sizeof(T));
        }

        public void CopyFrom(ReadOnlySpan<T> source, long offset = 0)
        {
            CheckRange(offset, source.Length);
            Context.MakeCurrent();
            fixed (T* s = source)
                Context.Api.Check(Context.Api.cuMemcpyHtoD_v2(ElementAddress(offset), s, (nuint)((long)source.Length * sizeof(T))), "cuMemcpyHtoD_v2");
            CompleteLegacyStream("cuMemcpyHtoD_v2");
        }

        public void CopyTo(Span<T> destination, long offset = 0)
        {
            CheckRange(offset, destination.Length);
            Context.MakeCurrent();
            fixed (T* d = destination)
                Context.Api.Check(Context.Api.cuMemcpyDtoH_v2(d, ElementAddress(offset), (nuint)((long)destination.Length * sizeof(T))), "cuMemcpyDtoH_v2");
        }

        public T[] ToArray()
        {
            if (Length > int.MaxValue) throw new InvalidOperationException($"{Length} elements do not fit one array");
            var result = new T[Length];
            CopyTo(result);
            return result;
        }

        /// <summary>Asynchronous host-to-device copy from pinned memory on <paramref name="stream"/>.</summary>
        public void CopyFromAsync(PinnedBuffer<T> source, CudaStream stream, long count = -1, long sourceOffset = 0, long offset = 0)
        {
            if (count < 0) count = Math.Min(source.Length - sourceOffset, Length - offset);
            CheckRange(offset, count);
            source.CheckRange(sourceOffset, count);
            Context.MakeCurrent();
            Context.Api.Check(Context.Api.cuMemcpyHtoDAsync_v2(ElementAddress(offset), source.Pointer + sourceOffset, (nuint)(count * sizeof(T)), stream.Handle), "cuMemcpyHtoDAsync_v2");
        }

        /// <summary>Asynchronous device-to-host copy into pinned memory on <paramref name="stream"/>.</summary>
        public void CopyToAsync(PinnedBuffer<T> destination, CudaStream stream, long count = -1, long offset = 0, long destinationOffset = 0)
        {
            if (count < 0) count = Math.Min(destination.Length - destinationOffset, Length - offset);
            CheckRange(offset, count);
            destination.CheckRange(destinationOffset, count);
            Context.MakeCurrent();
            Context.Api.Check(Context.Api.cuMemcpyDtoHAsync_v2(destination.Pointer + destinationOffset, ElementAddress(offset), (nuint)(count * sizeof(T)), stream.Handle), "cuMemcpyDtoHAsync_v2");
        }

        /// <summary>Device-to-device copy on the same device (stream-ordered when a stream is given).</summary>
        public void CopyFromAsync(DeviceBuffer<T> source, CudaStream? stream, long count = -1, long sourceOffset = 0, long offset = 0)
        {
            if (count < 0) count = Math.Min(source.Length - sourceOffset, Length - offset);
            CheckRange(offset, count);
            source.CheckRange(sourceOffset, count);
            Context.MakeCurrent();
            nuint bytes = (nuint)(count * sizeof(T));
            if (stream == null)
            {
                Context.Api.Check(Context.Api.cuMemcpyDtoD_v2(ElementAddress(offset), source.ElementAddress(sourceOffset), bytes), "cuMemcpyDtoD_v2");
                CompleteLegacyStream("cuMemcpyDtoD_v2");
            }
            else Context.Api.Check(Context.Api.cuMemcpyDtoDAsync_v2(ElementAddress(offset), source.ElementAddress(sourceOffset), bytes, stream.Handle), "cuMemcpyDtoDAsync_v2");
        }

        /// <summary>
        /// Copy from a buffer on another device (cuMemcpyPeerAsync): direct over NVLink/PCIe when peer access is
        /// enabled, staged through the host by the driver otherwise. Ordered on <paramref name="stream"/> (of this buffer's context).
        /// </summary>
        public void CopyFromPeerAsync(DeviceBuffer<T> source, CudaStream stream, long count = -1, long sourceOffset = 0, long offset = 0)
        {
            if (count < 0) count = Math.Min(source.Length - sourceOffset, Length - offset);
            CheckRange(offset, count);
            source.CheckRange(sourceOffset, count);
            Context.MakeCurrent();
            Context.Api.Ensure(Context.Api.cuMemcpyPeerAsync, "cuMemcpyPeerAsync");
            Context.Api.Check(Context.Api.cuMemcpyPeerAsync(ElementAddress(offset), Context.Handle, source.ElementAddress(sourceOffset), source.Context.Handle,
                (nuint)(count * sizeof(T)), stream.Handle), "cuMemcpyPeerAsync");
        }

        /// <summary>Sets every byte to zero (cuMemsetD8), stream-ordered when a stream is given.</summary>
        public void Clear(CudaStream? stream = null)
        {
            Context.MakeCurrent();
            if (stream == null)
            {
                Context.Api.Check(Context.Api.cuMemsetD8_v2(Address, 0, (nuint)SizeInBytes), "cuMemsetD8_v2");
                CompleteLegacyStream("cuMemsetD8_v2");
            }
            else Context.Api.Check(Context.Api.cuMemsetD8Async(Address, 0, (nuint)SizeInBytes, stream.Handle), "cuMemsetD8Async");
        }

        /// <summary>Fills with a 4-byte value (T must be 4 bytes: float, int, uint).</summary>
        public void Fill(T value, CudaStream? stream = null)
        {
            if (sizeof(T) != 4) throw new NotSupportedException($"Fill needs a 4-byte element type, not {typeof(T).Name}");
            uint bits = *(uint*)&value;
            Context.MakeCurrent();
            if (stream == null)
            {
                Context.Api.Check(Context.Api.cuMemsetD32_v2(Address, bits, (nuint)Length), "cuMemsetD32_v2");
                CompleteLegacyStream("cuMemsetD32_v2");
            }
            else Context.Api.Check(Context.Api.cuMemsetD32Async(Address, bits, (nuint)Length, stream.Handle), "cuMemsetD32Async");
        }

        // Waits for the legacy (NULL) stream, where the synchronous calls above ran.
        void CompleteLegacyStream(string after)
        {
            int status = Context.Api.cuStreamSynchronize(IntPtr.Zero);
            if (status != DriverApi.Success) throw new CudaException("cuStreamSynchronize", status, Context.Api.StatusText(status), "waiting for " + after);
        }

        internal void CheckRange(long offset, long count)
        {
            if (offset < 0 || count < 0 || offset + count > Length)
                throw new ArgumentOutOfRangeException(nameof(count), $"elements [{offset}, {offset + count}) are outside a device buffer of {Length}");
        }

        public void Dispose()
        {
            if (_address == 0) return;
            ulong address = _address;
            _address = 0;
            Context.MakeCurrent();
            Context.Api.Check(Context.Api.cuMemFree_v2(address), "cuMemFree_v2");
        }
    }
}
