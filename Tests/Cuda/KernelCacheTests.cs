using System;
using System.IO;
using NUnit.Framework;
using Sightline.Cuda.Nvrtc;

namespace Sightline.Tests.Cuda
{
    public class KernelCacheTests
    {
        [Test]
        public void KeyChangesWithVersionTargetOptionsAndSource()
        {
            string key = KernelCache.Key("13.0", "sm_90", "--gpu-arch=sm_90", "src");
            Assert.That(KernelCache.Key("13.0", "sm_90", "--gpu-arch=sm_90", "src"), Is.EqualTo(key));
            Assert.That(KernelCache.Key("12.9", "sm_90", "--gpu-arch=sm_90", "src"), Is.Not.EqualTo(key));
            Assert.That(KernelCache.Key("13.0", "sm_80", "--gpu-arch=sm_90", "src"), Is.Not.EqualTo(key));
            Assert.That(KernelCache.Key("13.0", "sm_90", "--gpu-arch=sm_90 -DX", "src"), Is.Not.EqualTo(key));
            Assert.That(KernelCache.Key("13.0", "sm_90", "--gpu-arch=sm_90", "src "), Is.Not.EqualTo(key));
        }

        [Test]
        public void WriteThenReadRoundTripsAndLeavesNoTempFiles()
        {
            string folder = Path.Combine(Path.GetTempPath(), "sightline-kc-" + Guid.NewGuid().ToString("N"));
            try
            {
                var cache = new KernelCache(folder);
                string path = cache.PathFor("lrn fused.cu", KernelCache.Key("1", "sm_90", "", "x"), cubin: true);
                Assert.That(Path.GetFileName(path), Does.StartWith("lrn_fused_cu-").And.EndWith(".cubin"));
                Assert.That(cache.TryRead(path), Is.Null);
                var image = new byte[] { 1, 2, 3, 4, 5 };
                Assert.That(cache.TryWrite(path, image), Is.True);
                Assert.That(cache.TryWrite(path, image), Is.True, "a second writer of the same key replaces the file");
                Assert.That(cache.TryRead(path), Is.EqualTo(image));
                Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { path }));
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, true);
            }
        }

        [Test]
        public void UnwritableFolderIsNotAnError()
        {
            string file = Path.GetTempFileName(); // a file where the folder should be
            try
            {
                var cache = new KernelCache(Path.Combine(file, "sub"));
                string path = cache.PathFor("k", KernelCache.Key("1", "sm_90", "", "x"), cubin: false);
                Assert.That(cache.TryWrite(path, new byte[] { 1 }), Is.False);
                Assert.That(cache.TryRead(path), Is.Null);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
