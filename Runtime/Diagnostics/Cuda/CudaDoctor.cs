using System;
using System.Collections.Generic;
using System.Linq;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Diagnostics
{
    /// <summary>One library as the doctor found it.</summary>
    public sealed class LibraryReport
    {
        public LibraryReport(CudaLibrary library, string? path, string? version, string? problem, IReadOnlyList<LoadAttempt> attempts)
        {
            Library = library;
            Path = path;
            Version = version;
            Problem = problem;
            Attempts = attempts;
        }

        public CudaLibrary Library { get; }
        public string? Path { get; }
        public string? Version { get; }
        /// <summary>Why the library is missing or unusable; null when fine.</summary>
        public string? Problem { get; }
        public IReadOnlyList<LoadAttempt> Attempts { get; }
        public bool Usable => Problem == null;
    }

    /// <summary>What `sightline doctor` prints: every library (path, version or why not), the driver and the devices.</summary>
    public sealed class CudaDoctorReport
    {
        public CudaDoctorReport(IReadOnlyList<LibraryReport> libraries, string? driverVersion, IReadOnlyList<CudaDevice> devices, string? deviceProblem)
        {
            Libraries = libraries;
            DriverVersion = driverVersion;
            Devices = devices;
            DeviceProblem = deviceProblem;
        }

        public IReadOnlyList<LibraryReport> Libraries { get; }
        /// <summary>"13.0": the CUDA version the driver supports.</summary>
        public string? DriverVersion { get; }
        public IReadOnlyList<CudaDevice> Devices { get; }
        /// <summary>Why no device is usable (driver missing, cuInit failed, none found); null when devices were listed.</summary>
        public string? DeviceProblem { get; }
        /// <summary>Everything the CUDA engine needs is present.</summary>
        public bool Ready => DeviceProblem == null && Libraries.All(l => l.Usable);
    }

    public static class CudaDoctor
    {
        /// <summary>Looks everything up; never throws for a missing or broken library.</summary>
        public static unsafe CudaDoctorReport Inspect()
        {
            var libraries = new List<LibraryReport>();
            string? driverVersion = null;
            foreach (CudaLibrary library in Enum.GetValues(typeof(CudaLibrary)))
            {
                var found = CudaLibraries.Find(library);
                if (!found.IsLoaded)
                {
                    libraries.Add(new LibraryReport(library, null, null, found.Describe(), found.Attempts));
                    continue;
                }
                string? version = null, problem = null;
                try
                {
                    switch (library)
                    {
                        case CudaLibrary.Driver:
                            // cuDriverGetVersion works before cuInit, so the version shows even when init fails.
                            var raw = (delegate* unmanaged[Cdecl]<int*, int>)found.Require("cuDriverGetVersion");
                            int v;
                            if (raw(&v) == 0) version = driverVersion = (v / 1000) + "." + (v % 1000 / 10);
                            break;
                        case CudaLibrary.Nvrtc:
                            var (major, minor) = CudaLibraries.Nvrtc.Version;
                            version = major + "." + minor;
                            break;
                        case CudaLibrary.Cublas:
                            version = CudaLibraries.Cublas.VersionText();
                            break;
                        case CudaLibrary.CublasLt:
                            version = CudaLibraries.CublasLt.VersionText();
                            break;
                        case CudaLibrary.Cudnn:
                            version = CudaLibraries.Cudnn.VersionText();
                            break;
                    }
                }
                catch (Exception e) when (e is CudaException || e is CudaUnavailableException)
                {
                    problem = e.Message;
                }
                libraries.Add(new LibraryReport(library, found.ResolvedPath, version, problem, found.Attempts));
            }

            IReadOnlyList<CudaDevice> devices = Array.Empty<CudaDevice>();
            string? deviceProblem = null;
            if (CudaLibraries.IsAvailable(out string reason))
            {
                try
                {
                    devices = CudaDevice.All();
                }
                catch (CudaException e)
                {
                    deviceProblem = e.Message;
                }
            }
            else deviceProblem = reason;
            return new CudaDoctorReport(libraries, driverVersion, devices, deviceProblem);
        }
    }
}
