using System;
using System.IO;
using System.Threading;

namespace Sightline.Data
{
    /// <summary>
    /// A fault-injection seam for the reliability checks: inside <see cref="DiskFullAfter"/>'s scope, the streams that
    /// Sightline's crash-safe writers (<see cref="AtomicFile"/>, the dataset writer's frames, checkpoint files) open
    /// behave like a disk with only so many bytes free, then throw the operating system's "no space left" IOException.
    /// The scope follows the async flow that opened it (AsyncLocal), so concurrent tests do not see each other's faults.
    /// Outside a scope <see cref="Wrap"/> returns the stream unchanged.
    /// </summary>
    public static class WriteFaults
    {
        static readonly AsyncLocal<Budget?> Current = new AsyncLocal<Budget?>();

        /// <summary>Writes in this flow fail once <paramref name="bytesFree"/> bytes in total have been written.</summary>
        public static Scope DiskFullAfter(long bytesFree)
        {
            if (bytesFree < 0) throw new ArgumentOutOfRangeException(nameof(bytesFree), bytesFree, "free bytes must be 0 or more");
            var budget = new Budget(bytesFree);
            var scope = new Scope(budget, Current.Value);
            Current.Value = budget;
            return scope;
        }

        /// <summary>The stream a writer should use: <paramref name="stream"/> itself unless a fault scope is active.</summary>
        public static Stream Wrap(Stream stream)
        {
            var budget = Current.Value;
            return budget == null ? stream : new FullDiskStream(stream, budget);
        }

        internal sealed class Budget
        {
            public Budget(long free) => Free = free;
            public long Free;
            public int Faults;
        }

        /// <summary>Ends the fault when disposed; counts the writes it failed.</summary>
        public sealed class Scope : IDisposable
        {
            readonly Budget _budget;
            readonly Budget? _outer;

            internal Scope(Budget budget, Budget? outer)
            {
                _budget = budget;
                _outer = outer;
            }

            /// <summary>How many writes failed with "no space left".</summary>
            public int FaultsInjected => Volatile.Read(ref _budget.Faults);

            public void Dispose() => Current.Value = _outer;
        }

        sealed class FullDiskStream : Stream
        {
            readonly Stream _inner;
            readonly Budget _budget;

            public FullDiskStream(Stream inner, Budget budget)
            {
                _inner = inner;
                _budget = budget;
            }

            public override void Write(byte[] buffer, int offset, int count)
            {
                long left = Interlocked.Add(ref _budget.Free, -count);
                if (left < 0)
                {
                    // Like the OS: the part that fits is written, then the call fails.
                    long fits = Math.Max(0, left + count);
                    if (fits > 0) _inner.Write(buffer, offset, (int)fits);
                    Interlocked.Exchange(ref _budget.Free, 0);
                    Interlocked.Increment(ref _budget.Faults);
                    throw DiskFullException.NoSpaceLeft();
                }
                _inner.Write(buffer, offset, count);
            }

            public override void Flush() => _inner.Flush();
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => _inner.Length;
            public override long Position
            {
                get => _inner.Position;
                set => throw new NotSupportedException();
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing) _inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
