using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using Sightline.Dispatch;

namespace Sightline.Tests.Core.Dispatch
{
    public class MainThreadQueueTests
    {
        [Test]
        public void ResultsFromWorkerThreadsRunOnTheDrainingThreadInPostOrder()
        {
            var queue = new MainThreadQueue();
            var seen = new List<(int producer, int index, int thread)>();
            const int producers = 4, perProducer = 500;
            var tasks = Enumerable.Range(0, producers).Select(p => Task.Run(() =>
            {
                for (int i = 0; i < perProducer; i++)
                {
                    int index = i;
                    queue.Post(() => seen.Add((p, index, Thread.CurrentThread.ManagedThreadId)));
                }
            })).ToArray();
            int drained = 0;
            while (!Task.WaitAll(tasks, 1)) drained += queue.Drain();
            drained += queue.Drain();

            Assert.That(drained, Is.EqualTo(producers * perProducer));
            Assert.That(seen.Select(s => s.thread).Distinct(), Is.EqualTo(new[] { Thread.CurrentThread.ManagedThreadId }));
            for (int p = 0; p < producers; p++)
                Assert.That(seen.Where(s => s.producer == p).Select(s => s.index), Is.EqualTo(Enumerable.Range(0, perProducer)), $"producer {p}");
        }

        [Test]
        public void WhatAnActionPostsWaitsForTheNextDrain()
        {
            var queue = new MainThreadQueue();
            int runs = 0;
            Action again = null!;
            again = () => { runs++; queue.Post(again); };
            queue.Post(again);
            Assert.That(queue.Drain(), Is.EqualTo(1));
            Assert.That(queue.Drain(), Is.EqualTo(1));
            Assert.That(runs, Is.EqualTo(2));
            Assert.That(queue.Count, Is.EqualTo(1));
        }

        [Test]
        public void AFailingActionDoesNotStopTheOthers()
        {
            var queue = new MainThreadQueue();
            var ran = new List<int>();
            var errors = new List<Exception>();
            queue.Post(() => ran.Add(1));
            queue.Post(() => throw new InvalidOperationException("boom"));
            queue.Post(() => ran.Add(3));
            Assert.That(queue.Drain(errors.Add), Is.EqualTo(3));
            Assert.That(ran, Is.EqualTo(new[] { 1, 3 }));
            Assert.That(errors.Single().Message, Is.EqualTo("boom"));

            queue.Post(() => throw new InvalidOperationException("again"));
            queue.Post(() => ran.Add(4));
            Assert.Throws<InvalidOperationException>(() => queue.Drain());
            Assert.That(ran, Is.EqualTo(new[] { 1, 3, 4 }));
        }

        [Test]
        public void ClearDropsWhatIsQueued()
        {
            var queue = new MainThreadQueue();
            queue.Post(() => Assert.Fail("cleared actions must not run"));
            queue.Clear();
            Assert.That(queue.Drain(), Is.EqualTo(0));
        }
    }
}
