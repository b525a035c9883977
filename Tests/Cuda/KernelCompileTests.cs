using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Sightline.Cuda;
using Sightline.Cuda.Kernels;
using Sightline.Cuda.Nvrtc;

namespace Sightline.Tests.Cuda
{
    /// <summary>Every embedded kernel compiles with NVRTC for Ampere and Hopper; no GPU needed.</summary>
    public class KernelCompileTests
    {
        static IEnumerable<TestCaseData> Cases()
        {
            foreach (var name in KernelSources.All.Keys.OrderBy(k => k, System.StringComparer.Ordinal))
                foreach (var target in new[] { "compute_80", "compute_90" })
                    yield return new TestCaseData(name, target).SetName($"KernelCompiles({name}, {target})");
        }

        [TestCaseSource(nameof(Cases))]
        public void KernelCompiles(string name, string target)
        {
            var compiler = new NvrtcCompiler(NvrtcForTests.Get(), cache: null);
            string source = KernelSources.All[name];
            var compiled = compiler.Compile(source, name, target);
            string ptx = Encoding.UTF8.GetString(compiled.Image);
            Assert.That(compiled.IsCubin, Is.False);
            Assert.That(ptx, Does.Contain(".target sm_" + target.Substring("compute_".Length)));
            // every extern "C" kernel of the file is in the PTX under its own (unmangled) name
            var kernels = Regex.Matches(source, @"extern\s+""C""\s+__global__\s+void\s+(\w+)").Cast<Match>().Select(m => m.Groups[1].Value).ToList();
            Assert.That(kernels, Is.Not.Empty, name + " declares no extern \"C\" kernels");
            foreach (var kernel in kernels) Assert.That(ptx, Does.Contain(".entry " + kernel), kernel);
        }

        [Test]
        public void CompileErrorCarriesTheLogNamingTheProblem()
        {
            var compiler = new NvrtcCompiler(NvrtcForTests.Get(), cache: null);
            const string broken = "extern \"C\" __global__ void k(float* y) { y[0] = undefined_thing_42; }";
            var e = Assert.Throws<NvrtcCompileException>(() => compiler.Compile(broken, "broken.cu", "compute_80"));
            Assert.That(e!.Status, Is.EqualTo(NvrtcApi.ErrorCompilation));
            Assert.That(e.Log, Does.Contain("undefined_thing_42"));
            Assert.That(e.Message, Does.Contain("broken.cu").And.Contain("--gpu-architecture=compute_80").And.Contain("nvrtcCompileProgram"));
        }

        [Test]
        public void RealArchitectureGivesCubinWhenSupported()
        {
            var api = NvrtcForTests.Get();
            var compiler = new NvrtcCompiler(api, cache: null);
            Assume.That(api.SupportedArchitectures(), Does.Contain(80));
            var compiled = compiler.Compile(KernelSources.Utility, "utility.cu", compiler.TargetFor(80));
            Assert.That(compiled.Target, Is.EqualTo("sm_80"));
            Assert.That(compiled.IsCubin, Is.True);
            Assert.That(compiled.Image.Take(4).ToArray(), Is.EqualTo(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }));
        }

        [Test]
        public void NewerDeviceThanNvrtcFallsBackToNewestPtx()
        {
            var api = NvrtcForTests.Get();
            var compiler = new NvrtcCompiler(api, cache: null);
            int[] supported = api.SupportedArchitectures();
            Assume.That(supported, Is.Not.Empty);
            int newest = supported.Max();
            Assert.That(compiler.TargetFor(newest + 1000), Is.EqualTo("compute_" + newest));
            Assert.Throws<CudaUnavailableException>(() => compiler.TargetFor(supported.Min() - 1));
        }

        [Test]
        public void SecondCompileComesFromTheDiskCache()
        {
            string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sightline-kc-" + System.Guid.NewGuid().ToString("N"));
            try
            {
                var compiler = new NvrtcCompiler(NvrtcForTests.Get(), new KernelCache(folder));
                var first = compiler.Compile(KernelSources.Selftest, "selftest.cu", "compute_80");
                var second = compiler.Compile(KernelSources.Selftest, "selftest.cu", "compute_80");
                var other = compiler.Compile(KernelSources.Selftest, "selftest.cu", "compute_80", new[] { "-DSIGHTLINE_VARIANT=1" });
                Assert.That(first.FromCache, Is.False);
                Assert.That(second.FromCache, Is.True);
                Assert.That(second.Image, Is.EqualTo(first.Image));
                Assert.That(other.FromCache, Is.False, "different options must not reuse the cached binary");
                Assert.That(System.IO.Directory.GetFiles(folder).Length, Is.EqualTo(2));
            }
            finally
            {
                if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, true);
            }
        }
    }
}
