using System.Collections.Generic;
using System.IO;
using NUnit.Framework;
using Sightline.Cli.Gpu;

namespace Sightline.Tests.Cluster
{
    /// <summary>
    /// Runs Tests/Reference/ddp_trainer.py under torchrun (python -m torch.distributed.run) on this machine's CPUs with
    /// gloo, as a cluster would. Ignores the calling test, saying why, when PyTorch is not installed; CI installs it.
    /// </summary>
    public static class Torchrun
    {
        /// <summary>The trainer's path, or Assert.Ignore("not run: ...") when torch, torch.distributed or PIL is missing.</summary>
        public static string TrainerOrIgnore()
        {
            string? missing = PythonRunner.MissingModules("torch, torch.distributed.run, numpy, PIL", PythonRunner.Interpreter);
            if (missing == null)
            {
                var (code, output) = PythonRunner.Run(new[] { "-c", "import torch.distributed as d; assert d.is_available() and d.is_gloo_available(), 'no gloo backend'" }, 60);
                if (code != 0) missing = $"{PythonRunner.Interpreter}: torch.distributed with gloo is not available: {PythonRunner.Tail(output, 300)}";
            }
            if (missing != null) Assert.Ignore("not run: " + missing);
            return Path.Combine(RepositoryFolder.Root(), "Tests", "Reference", "ddp_trainer.py");
        }

        /// <summary>
        /// `torchrun --standalone --nproc_per_node N trainer ARGS`; asserts exit 0. --redirects 1 --tee 1: Debian's torch
        /// 1.13 under Python 3.11 cannot parse the default "0" of these options (its Std flag enum has no member 0 to iterate).
        /// </summary>
        public static string Run(string trainer, int processes, int timeoutSeconds, params string[] args)
        {
            var all = new List<string> { "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", processes.ToString(), "--redirects", "1", "--tee", "1", trainer };
            all.AddRange(args);
            var (code, output) = PythonRunner.Run(all.ToArray(), timeoutSeconds);
            Assert.That(code, Is.EqualTo(0), "torchrun " + string.Join(" ", args) + ":\n" + PythonRunner.Tail(output, 3000));
            return output;
        }
    }
}
