using System;
using System.Collections.Generic;
using NUnit.Framework;
using Sightline.Scheduling;

namespace Sightline.Tests.Core.Scheduling
{
    public class FrameScheduleTests
    {
        static List<long> Run(FrameSchedule schedule, long frames)
        {
            var started = new List<long>();
            for (long f = 0; f < frames; f++)
            {
                if (schedule.ShouldStart(f))
                {
                    started.Add(f);
                    schedule.Completed(); // the work finished within the frame
                }
            }
            return started;
        }

        [Test]
        public void EveryNthFrameStartsWhenWorkKeepsUp()
        {
            Assert.That(Run(new FrameSchedule(3), 10), Is.EqualTo(new long[] { 0, 3, 6, 9 }));
            Assert.That(Run(new FrameSchedule(1), 4), Is.EqualTo(new long[] { 0, 1, 2, 3 }));
        }

        [Test]
        public void IntervalZeroRunsOnlyOnDemand()
        {
            var schedule = new FrameSchedule(0);
            Assert.That(Run(schedule, 5), Is.Empty);
            schedule.RequestNow();
            Assert.That(schedule.ShouldStart(5), Is.True);
            schedule.Completed();
            Assert.That(schedule.ShouldStart(6), Is.False, "a request is used up by the frame that started");
        }

        [Test]
        public void AFullPipelineSkipsFramesAndStartsTheNewestWhenASlotFrees()
        {
            var schedule = new FrameSchedule(1, maxInFlight: 2);
            Assert.That(schedule.ShouldStart(0), Is.True);
            Assert.That(schedule.ShouldStart(1), Is.True);
            Assert.That(schedule.ShouldStart(2), Is.False);
            Assert.That(schedule.ShouldStart(3), Is.False);
            Assert.That(schedule.Skipped, Is.EqualTo(2));
            Assert.That(schedule.InFlight, Is.EqualTo(2));
            schedule.Completed();
            Assert.That(schedule.ShouldStart(4), Is.True, "frame 4 is the newest when a slot frees; 2 and 3 were never queued");
            Assert.That(schedule.InFlight, Is.EqualTo(2));
        }

        [Test]
        public void ADemandMadeWhileFullIsKeptUntilASlotFrees()
        {
            var schedule = new FrameSchedule(0);
            schedule.RequestNow();
            Assert.That(schedule.ShouldStart(0), Is.True);
            schedule.RequestNow();
            Assert.That(schedule.ShouldStart(1), Is.False);
            Assert.That(schedule.IsRequested, Is.True);
            schedule.Completed();
            Assert.That(schedule.ShouldStart(2), Is.True);
            Assert.That(schedule.IsRequested, Is.False);
        }

        [Test]
        public void IntervalCountsFromTheLastStartedFrame()
        {
            var schedule = new FrameSchedule(5);
            Assert.That(schedule.ShouldStart(0), Is.True);
            Assert.That(schedule.ShouldStart(5), Is.False, "still in flight");
            schedule.Completed();
            Assert.That(schedule.ShouldStart(7), Is.True);
            schedule.Completed();
            Assert.That(schedule.ShouldStart(11), Is.False);
            Assert.That(schedule.ShouldStart(12), Is.True);
        }

        [Test]
        public void CompletedWithoutAStartIsAnError()
        {
            Assert.Throws<InvalidOperationException>(() => new FrameSchedule(1).Completed());
            Assert.Throws<ArgumentOutOfRangeException>(() => new FrameSchedule(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new FrameSchedule(1, 0));
        }
    }
}
