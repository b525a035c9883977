using System;
using NUnit.Framework;
using Sightline.Cuda;
using Sightline.Cuda.Loading;
using Sightline.Cuda.Nvrtc;

namespace Sightline.Tests.Cuda
{
    /// <summary>
    /// The NVRTC kernel tests use: SIGHTLINE_NVRTC (CI sets it to Debian's NVRTC 11.8, see .ci/fetch-nvrtc.sh) or
    /// whatever the loader finds. Absent NVRTC ignores the test, except under CI=true, where it fails: CI must
    /// never skip the kernel compile check silently.
    /// </summary>
    static class NvrtcForTests
    {
        public static NvrtcApi Get()
        {
            try
            {
                return CudaLibraries.Nvrtc;
            }
            catch (CudaUnavailableException e)
            {
                string message = "NVRTC is not available (set SIGHTLINE_NVRTC to libnvrtc's path, e.g. from .ci/fetch-nvrtc.sh): " + e.Message;
                if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(message);
                Assert.Ignore(message);
                throw;
            }
        }
    }
}
