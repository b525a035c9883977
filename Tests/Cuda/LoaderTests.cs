using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using NUnit.Framework;
using Sightline.Cuda;
using Sightline.Cuda.Loading;

namespace Sightline.Tests.Cuda
{
    public class LoaderTests
    {
        static Func<string, string?> Env(Dictionary<string, string> values) => name => values.TryGetValue(name, out var v) ? v : null;

        [Test]
        public void LinuxCandidatesGoExplicitThenLibsFolderThenVersionedNamesThenInstallFolders()
        {
            var env = Env(new Dictionary<string, string>
            {
                ["SIGHTLINE_CUDNN"] = "/opt/x/libcudnn.so.9",
                ["SIGHTLINE_CUDA_LIBS"] = "/opt/libs",
                ["CUDA_PATH"] = "/opt/cuda",
            });
            var candidates = LibraryCandidates.For(CudaLibrary.Cudnn, windows: false, env);
            Assert.That(candidates[0], Is.EqualTo("/opt/x/libcudnn.so.9"));
            Assert.That(candidates[1], Is.EqualTo(System.IO.Path.Combine("/opt/libs", "libcudnn.so.9")));
            Assert.That(candidates[2], Is.EqualTo("libcudnn.so.9"));
            Assert.That(candidates, Does.Contain(System.IO.Path.Combine("/opt/cuda", "lib64", "libcudnn.so.9")));
            Assert.That(candidates, Does.Contain(System.IO.Path.Combine("/usr/lib/x86_64-linux-gnu", "libcudnn.so.9")));
            Assert.That(candidates.Distinct().Count(), Is.EqualTo(candidates.Count));
        }

        [Test]
        public void NewestMajorVersionComesFirst()
        {
            var nvrtc = LibraryCandidates.FileNames(CudaLibrary.Nvrtc, windows: false);
            Assert.That(nvrtc.ToList().IndexOf("libnvrtc.so.13"), Is.LessThan(nvrtc.ToList().IndexOf("libnvrtc.so.12")));
            var cublas = LibraryCandidates.FileNames(CudaLibrary.Cublas, windows: true);
            Assert.That(cublas[0], Is.EqualTo("cublas64_13.dll"));
            var windowsNvrtc = LibraryCandidates.For(CudaLibrary.Nvrtc, windows: true, Env(new Dictionary<string, string> { ["CUDA_PATH"] = @"C:\CUDA\v13.0" }));
            Assert.That(windowsNvrtc[0], Is.EqualTo("nvrtc64_130_0.dll"));
            Assert.That(windowsNvrtc, Does.Contain(System.IO.Path.Combine(@"C:\CUDA\v13.0", "bin", "x64", "nvrtc64_130_0.dll")));
        }

        [Test]
        public void MissingLibraryRecordsEveryAttemptAndWhyItFailed()
        {
            Assume.That(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "dlopen messages are Linux's");
            var loaded = LoadedLibrary.Find(CudaLibrary.Cudnn, new[] { "/nonexistent/dir/libcudnn.so.9", "libsightline-no-such-library.so.1" });
            Assert.That(loaded.IsLoaded, Is.False);
            Assert.That(loaded.Attempts.Count, Is.EqualTo(2));
            Assert.That(loaded.Attempts[0].Error, Is.EqualTo("no such file"));
            Assert.That(loaded.Attempts[1].Error, Does.Contain("libsightline-no-such-library.so.1"), loaded.Describe());
            string text = loaded.Describe();
            Assert.That(text, Does.Contain("Cudnn not found").And.Contain("libcudnn.so.9 not in /nonexistent/dir").And.Contain("libsightline-no-such-library.so.1"));
        }

        [Test]
        public void LoadedLibraryResolvesSymbolsAndNamesTheLibraryWhenOneIsMissing()
        {
            Assume.That(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "uses glibc as a stand-in library");
            var libc = LoadedLibrary.Find(CudaLibrary.Driver, new[] { "libc.so.6" });
            Assert.That(libc.IsLoaded, Is.True, libc.Describe());
            Assert.That(libc.Optional("strlen"), Is.Not.EqualTo(IntPtr.Zero));
            Assert.That(libc.Optional("cuInit"), Is.EqualTo(IntPtr.Zero));
            Assert.That(libc.ResolvedPath, Does.StartWith("/").And.Contain("libc.so"), "the mapped file of libc.so.6");
            var e = Assert.Throws<CudaUnavailableException>(() => libc.Require("cuMemAlloc_v2"));
            Assert.That(e!.Message, Does.Contain("libc.so.6").And.Contain("cuMemAlloc_v2"));
        }

        [Test]
        public void WithoutCudaTheReasonSaysWhatWasTried()
        {
            if (CudaLibraries.IsAvailable(out _)) Assert.Ignore("CUDA is available on this machine");
            Assert.That(CudaLibraries.IsAvailable(out string reason), Is.False);
            Assert.That(reason, Is.Not.Empty);
            var driver = CudaLibraries.Find(CudaLibrary.Driver);
            if (!driver.IsLoaded)
            {
                Assert.That(reason, Does.Contain("tried"));
                Assert.That(reason, Does.Contain(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "nvcuda.dll" : "libcuda.so.1"));
                var e = Assert.Throws<CudaUnavailableException>(() => { var _ = CudaLibraries.Driver; });
                Assert.That(e!.Message, Is.EqualTo(reason));
            }
        }
    }
}
