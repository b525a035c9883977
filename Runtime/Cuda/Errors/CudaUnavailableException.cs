using System;

namespace Sightline.Cuda
{
    /// <summary>
    /// A CUDA library could not be loaded or used on this machine. The message says what was tried and why each
    /// try failed (from the loader's record), so the user can fix the setup.
    /// </summary>
    public sealed class CudaUnavailableException : Exception
    {
        public CudaUnavailableException(string message) : base(message) { }
    }
}
