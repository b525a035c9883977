using NUnit.Framework;
using Sightline.Onnx;

namespace Sightline.Tests.Core.Onnx
{
    /// <summary>What a Unity user is told when ONNX Runtime's package is not installed.</summary>
    public class OnnxRuntimePackageTests
    {
        [Test]
        public void AbsentReasonNamesThePackageItsVersionAndTheScopedRegistry()
        {
            string reason = OnnxRuntimePackage.AbsentReason;
            Assert.That(reason, Does.Contain("com.github.asus4.onnxruntime"));
            Assert.That(reason, Does.Contain("\"0.4.9\""));
            Assert.That(reason, Does.Contain("https://registry.npmjs.com").And.Contain("scope com.github.asus4"));
            Assert.That(reason, Does.Contain("SIGHTLINE_ONNXRUNTIME"), "says which symbol was missing, for someone reading the asmdef");
            Assert.That(reason, Does.Contain("install.md"), "points at the manual's steps");
        }

        [Test]
        public void GpuProvidersAreScopedUnderTheSameRegistry()
        {
            Assert.That(OnnxRuntimePackage.LinuxGpuName, Does.StartWith(OnnxRuntimePackage.Scope + "."));
            Assert.That(OnnxRuntimePackage.WindowsGpuName, Does.StartWith(OnnxRuntimePackage.Scope + "."));
            Assert.That(OnnxRuntimePackage.Name, Does.StartWith(OnnxRuntimePackage.Scope));
        }

        [Test]
        public void SupportReportsWhetherOnnxRuntimeIsCompiledIn()
        {
#if SIGHTLINE_ONNXRUNTIME
            Assert.That(OnnxRuntimeSupport.IsInstalled, Is.True);
            Assert.That(OnnxRuntimeSupport.AbsentReason, Is.Null);
#else
            Assert.That(OnnxRuntimeSupport.IsInstalled, Is.False);
            Assert.That(OnnxRuntimeSupport.AbsentReason, Is.EqualTo(OnnxRuntimePackage.AbsentReason));
            var engine = OnnxRuntimeSupport.TryCreate(Sightline.Tests.Onnx.OnnxTestModels.Mini(), 1, out var reason);
            Assert.That(engine, Is.Null);
            Assert.That(reason, Is.EqualTo(OnnxRuntimePackage.AbsentReason));
#endif
        }
    }
}
