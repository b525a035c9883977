using System.Collections.Generic;
using NUnit.Framework;
using Sightline.Scheduling;

namespace Sightline.Tests.Core.Scheduling
{
    public class CaptureScheduleTests
    {
        [Test]
        public void ScheduledCapturesFollowTheInterval()
        {
            var schedule = new CaptureSchedule(0.5);
            var times = new List<double>();
            for (int frame = 0; frame <= 60; frame++)
            {
                double t = frame / 30.0;
                var request = schedule.Tick(t);
                if (request != null)
                {
                    Assert.That(request.Value.IsManual, Is.False);
                    times.Add(t);
                }
            }
            Assert.That(times.Count, Is.EqualTo(5)); // 0, 0.5, 1.0, 1.5, 2.0
            Assert.That(times[1], Is.EqualTo(0.5).Within(1e-9));
        }

        [Test]
        public void AHitchDoesNotCauseABurst()
        {
            var schedule = new CaptureSchedule(1);
            Assert.That(schedule.Tick(0), Is.Not.Null);
            Assert.That(schedule.Tick(10.2), Is.Not.Null);
            Assert.That(schedule.Tick(10.3), Is.Null);
            Assert.That(schedule.Tick(10.9), Is.Null);
            Assert.That(schedule.Tick(11.0), Is.Not.Null);
        }

        [Test]
        public void AHotkeyCapturesWithItsLabelAndRestartsTheInterval()
        {
            var schedule = new CaptureSchedule(1);
            Assert.That(schedule.Tick(0), Is.Not.Null);
            schedule.Request("car");
            var manual = schedule.Tick(0.6);
            Assert.That(manual, Is.Not.Null);
            Assert.That(manual!.Value.IsManual, Is.True);
            Assert.That(manual.Value.Label, Is.EqualTo("car"));
            Assert.That(schedule.Tick(1.0), Is.Null, "the interval restarted at the hotkey capture");
            Assert.That(schedule.Tick(1.6), Is.Not.Null);
        }

        [Test]
        public void IntervalZeroCapturesOnlyOnRequest()
        {
            var schedule = new CaptureSchedule(0);
            for (int i = 0; i < 10; i++) Assert.That(schedule.Tick(i), Is.Null);
            schedule.Request();
            var request = schedule.Tick(11);
            Assert.That(request, Is.Not.Null);
            Assert.That(request!.Value.Label, Is.Null, "no hotkey label: label from the view");
            Assert.That(schedule.Tick(12), Is.Null);
        }
    }
}
