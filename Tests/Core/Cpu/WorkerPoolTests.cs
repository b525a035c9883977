using System;
using System.Threading;
using NUnit.Framework;
using Sightline.Cpu;

namespace Sightline.Tests.Core.Cpu
{
    /// <summary>
    /// The pool runs every item of every run exactly once, whatever the thread count, and returns only when all are
    /// done, also when runs follow each other closely (workers still spinning from the last one, or waking late).
    /// </summary>
    public class WorkerPoolTests
    {
        sealed class CountingJob : ParallelJob
        {
            public int[] Runs = new int[0];
            public int Delay;

            public override void Execute(int item, int worker)
            {
                if (Delay > 0) Thread.SpinWait(Delay * (1 + item % 3));
                Interlocked.Increment(ref Runs[item]);
            }
        }

        sealed class FailingJob : ParallelJob
        {
            public override void Execute(int item, int worker)
            {
                if (item == 5) throw new InvalidOperationException("item 5 fails");
            }
        }

        [TestCase(1)]
        [TestCase(2)]
        [TestCase(4)]
        public void EveryItemRunsOnceInEveryRun(int threads)
        {
            using var pool = new WorkerPool(threads);
            var job = new CountingJob();
            for (int run = 0; run < 3000; run++)
            {
                int count = 1 + run % 17;
                job.Runs = new int[count];
                job.Delay = run % 2 == 0 ? 2000 : 0; // long items: the other workers surely take some
                pool.Run(count, job);
                // Read right after Run returns: an item still running elsewhere would show as 0 here.
                for (int i = 0; i < count; i++)
                    if (job.Runs[i] != 1) Assert.Fail($"run {run}: item {i} of {count} ran {job.Runs[i]} times");
                if (run % 500 == 499) Thread.Sleep(1); // let the workers fall asleep now and then
            }
        }

        [Test]
        public void AFailingItemReachesTheCallerAndThePoolGoesOn()
        {
            using var pool = new WorkerPool(2);
            var failure = Assert.Throws<AggregateException>(() => pool.Run(10, new FailingJob()));
            Assert.That(failure!.InnerException!.Message, Is.EqualTo("item 5 fails"));
            var job = new CountingJob { Runs = new int[7] };
            pool.Run(7, job);
            Assert.That(job.Runs, Is.EqualTo(new[] { 1, 1, 1, 1, 1, 1, 1 }));
        }
    }
}
