using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Sightline.Cli.Training
{
    /// <summary>
    /// Turns the first Ctrl+C (SIGINT) or SIGTERM into a cancellation, so training stops at the next step with a
    /// checkpoint instead of dying; a second Ctrl+C ends the process as usual.
    /// </summary>
    public sealed class StopSignal : IDisposable
    {
        readonly CancellationTokenSource _source = new CancellationTokenSource();
        readonly PosixSignalRegistration[] _registrations;

        public StopSignal()
        {
            _registrations = new[]
            {
                PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            };
        }

        public CancellationToken Token => _source.Token;

        void Handle(PosixSignalContext context)
        {
            if (_source.IsCancellationRequested) return;
            context.Cancel = true;
            Console.Error.WriteLine("sightline: stopping after this step and saving a checkpoint (Ctrl+C again to abort)");
            _source.Cancel();
        }

        public void Dispose()
        {
            foreach (var r in _registrations) r.Dispose();
            _source.Dispose();
        }
    }
}
