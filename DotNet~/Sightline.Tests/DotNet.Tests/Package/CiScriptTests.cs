using System;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;

namespace Sightline.Tests.Package
{
    /// <summary>The scripts that sum up CI and GPU runs: nothing that did not run may count as passed.</summary>
    public class CiScriptTests
    {
        string _work = "";

        [SetUp]
        public void SetUp()
        {
            if (!File.Exists("/bin/bash")) Assert.Ignore("needs bash");
            _work = Path.Combine(Path.GetTempPath(), "sightline-ci-script-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_work);
        }

        [TearDown]
        public void TearDown()
        {
            if (Directory.Exists(_work)) Directory.Delete(_work, true);
        }

        static (int code, string output, string error) Bash(string script, string arguments, string? path = null, params (string, string)[] environment)
        {
            var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(script);
            foreach (var a in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)) start.ArgumentList.Add(a);
            if (path != null) start.Environment["PATH"] = path + ":" + Environment.GetEnvironmentVariable("PATH");
            foreach (var (name, value) in environment) start.Environment[name] = value;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.That(process.WaitForExit(60000), Is.True, script + " did not finish in 60 s");
            return (process.ExitCode, output.Result, error.Result);
        }

        [Test]
        public void InconclusiveTestsAreCountedAndNamed()
        {
            string nunit = Path.Combine(_work, "nunit");
            Directory.CreateDirectory(nunit);
            File.WriteAllText(Path.Combine(nunit, "Sightline.Tests.xml"),
                "<?xml version=\"1.0\"?>\n<test-run id=\"0\" result=\"Passed\" total=\"3\" passed=\"1\" failed=\"0\" inconclusive=\"2\" skipped=\"0\">\n" +
                "<test-case id=\"1\" name=\"A\" fullname=\"Sightline.Tests.Package.PackageCopy.A\" result=\"Inconclusive\" />\n" +
                "<test-case id=\"2\" name=\"B\" fullname=\"Sightline.Tests.Package.PackageCheckerTests.B\" result=\"Inconclusive\" />\n" +
                "<test-case id=\"3\" name=\"C\" fullname=\"Sightline.Tests.X.C\" result=\"Passed\" />\n</test-run>\n");
            string script = Path.Combine(RepositoryFolder.Root(), ".ci", "count-inconclusive.sh");
            var (code, output, error) = Bash(script, nunit);
            Assert.That(code, Is.EqualTo(0), error);
            Assert.That(output.Trim(), Is.EqualTo("2"));
            Assert.That(error, Does.Contain("INCONCLUSIVE: Sightline.Tests.Package.PackageCopy.A").And.Contain("PackageCheckerTests.B"));
            // No results at all cannot be read as "none inconclusive".
            Directory.CreateDirectory(Path.Combine(_work, "empty"));
            Assert.That(Bash(script, Path.Combine(_work, "empty")).code, Is.EqualTo(2));
        }

        [Test]
        public void CiRunCountsInconclusiveInItsLastLine()
        {
            string run = File.ReadAllText(Path.Combine(RepositoryFolder.Root(), ".ci", "run"));
            Assert.That(run, Does.Contain("count-inconclusive.sh").And.Contain("failed=$((failed + inconclusive))"));
            Assert.That(run, Does.Contain("echo \"${passed} passed, ${failed} failed, ${inconclusive} inconclusive, ${notrun} skipped\""));
        }

        /// <summary>A .gpu folder with a stand-in dotnet and nvidia-smi, and one step that exits <paramref name="rc"/>.</summary>
        (int code, string summary) GpuRun(int rc)
        {
            string gpu = Path.Combine(_work, "gpu" + rc);
            string bin = Path.Combine(_work, "bin" + rc);
            string dotnet = Path.Combine(_work, "dotnet" + rc);
            foreach (var d in new[] { gpu, Path.Combine(gpu, "steps.d"), bin, dotnet }) Directory.CreateDirectory(d);
            File.Copy(Path.Combine(RepositoryFolder.Root(), "DotNet~", "scripts", "gpu", "run.sh"), Path.Combine(gpu, "run.sh"));
            File.WriteAllText(Path.Combine(dotnet, "dotnet"), "#!/bin/bash\ncase \"$*\" in *'check gpu --list'*) echo 'graph  a captured graph';; esac\nexit 0\n");
            File.WriteAllText(Path.Combine(bin, "nvidia-smi"), "#!/bin/bash\nexit 0\n");
            File.WriteAllText(Path.Combine(gpu, "steps.d", "10-fake.sh"), $"step fake-check 20 bash -c 'exit {rc}'\n");
            if (!OperatingSystem.IsWindows())
                foreach (var f in new[] { Path.Combine(dotnet, "dotnet"), Path.Combine(bin, "nvidia-smi") })
                    File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            string outFolder = Path.Combine(_work, "out" + rc);
            var (code, output, error) = Bash(Path.Combine(gpu, "run.sh"), "", bin, ("OUT", outFolder), ("SIGHTLINE_DOTNET_DIR", dotnet), ("SKIP_GPU_CHECKS", "1"));
            return (code, output + error + File.ReadAllText(Path.Combine(outFolder, "steps.tsv")));
        }

        [Test]
        public void AGpuStepWhoseCheckDidNotRunIsNotGreen()
        {
            var (code, summary) = GpuRun(4);
            Assert.That(code, Is.EqualTo(4), summary);
            Assert.That(summary, Does.Contain("fake-check: NOT RUN").And.Contain("0 step(s) failed, 1 step(s) not run"));
            (code, summary) = GpuRun(0);
            Assert.That(code, Is.EqualTo(0), summary);
            Assert.That(summary, Does.Contain("0 step(s) failed, 0 step(s) not run"));
        }
    }
}
