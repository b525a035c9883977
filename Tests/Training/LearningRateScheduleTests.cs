using NUnit.Framework;
using Sightline.Training.Schedules;

namespace Sightline.Tests.Training
{
    public class LearningRateScheduleTests
    {
        [Test]
        public void PlateauDividesByTenAfterPatienceAtMostMaxDropsTimes()
        {
            var schedule = LearningRateSchedule.Plateau(patience: 1, maxDrops: 3);
            var state = new ScheduleState(0.01f);
            Assert.That(schedule.EndEpoch(state, 1, 0.5), Is.False);
            Assert.That(schedule.EndEpoch(state, 2, 0.4), Is.False);
            Assert.That(schedule.EndEpoch(state, 3, 0.45), Is.True);
            Assert.That(state.LearningRate, Is.EqualTo(0.001f).Within(1e-9f));
            Assert.That(state.BestValidationError, Is.EqualTo(0.4));
            Assert.That(schedule.EndEpoch(state, 4, 0.41), Is.True);
            Assert.That(schedule.EndEpoch(state, 5, 0.41), Is.True);
            Assert.That(state.Drops, Is.EqualTo(3));
            Assert.That(schedule.EndEpoch(state, 6, 0.41), Is.False);
            Assert.That(state.LearningRate, Is.EqualTo(0.00001f).Within(1e-10f));
        }

        [Test]
        public void PatienceOfTwoWaitsTwoEpochs()
        {
            var schedule = LearningRateSchedule.Plateau(patience: 2);
            var state = new ScheduleState(0.1f);
            schedule.EndEpoch(state, 1, 0.3);
            Assert.That(schedule.EndEpoch(state, 2, 0.3), Is.False);
            Assert.That(schedule.EndEpoch(state, 3, 0.3), Is.True);
        }

        [Test]
        public void StepsDropAtTheGivenEpochs()
        {
            var schedule = LearningRateSchedule.Steps(2, 4);
            var state = new ScheduleState(1f);
            Assert.That(schedule.EndEpoch(state, 1, double.NaN), Is.False);
            Assert.That(schedule.EndEpoch(state, 2, double.NaN), Is.True);
            Assert.That(schedule.EndEpoch(state, 3, 0.1), Is.False);
            Assert.That(schedule.EndEpoch(state, 4, 0.1), Is.True);
            Assert.That(state.LearningRate, Is.EqualTo(0.01f).Within(1e-8f));
        }

        [Test]
        public void CosineWarmsUpLinearlyThenFallsToZeroAtTheLastStep()
        {
            var schedule = LearningRateSchedule.Cosine(warmupEpochs: 1);
            var state = new ScheduleState(0.1f);
            // 5 epochs of 10 steps: warm-up over steps 0..9, cosine over 10..49.
            Assert.That(schedule.RateAt(state, 0.1f, 0, 10, 5), Is.EqualTo(0.01f).Within(1e-7f));
            Assert.That(schedule.RateAt(state, 0.1f, 4, 10, 5), Is.EqualTo(0.05f).Within(1e-7f));
            Assert.That(schedule.RateAt(state, 0.1f, 9, 10, 5), Is.EqualTo(0.1f).Within(1e-7f));
            Assert.That(schedule.RateAt(state, 0.1f, 10, 10, 5), Is.EqualTo(0.1f).Within(1e-7f));
            Assert.That(schedule.RateAt(state, 0.1f, 30, 10, 5), Is.EqualTo(0.05f).Within(1e-6f));
            float last = schedule.RateAt(state, 0.1f, 49, 10, 5);
            Assert.That(last, Is.GreaterThan(0f).And.LessThan(0.001f));
            // Monotone after the warm-up.
            for (int step = 11; step < 50; step++)
                Assert.That(schedule.RateAt(state, 0.1f, step, 10, 5), Is.LessThanOrEqualTo(schedule.RateAt(state, 0.1f, step - 1, 10, 5)));
            Assert.That(schedule.EndEpoch(state, 1, 0.3), Is.False, "cosine never drops on a plateau");
        }

        [Test]
        public void PlateauAndStepsUseTheStateRate()
        {
            var state = new ScheduleState(0.003f);
            Assert.That(LearningRateSchedule.Plateau().RateAt(state, 0.1f, 7, 10, 5), Is.EqualTo(0.003f));
            Assert.That(LearningRateSchedule.Steps(2).RateAt(state, 0.1f, 7, 10, 5), Is.EqualTo(0.003f));
        }

        [Test]
        public void EpochsSinceBestCountsAcrossDrops()
        {
            var schedule = LearningRateSchedule.Plateau(patience: 1, maxDrops: 3);
            var state = new ScheduleState(0.01f);
            schedule.EndEpoch(state, 1, 0.4);
            Assert.That(state.EpochsSinceBest, Is.EqualTo(0));
            Assert.That(schedule.EndEpoch(state, 2, 0.5), Is.True);
            Assert.That(state.EpochsSinceImprovement, Is.EqualTo(0), "a drop restarts the plateau count");
            schedule.EndEpoch(state, 3, 0.45);
            Assert.That(state.EpochsSinceBest, Is.EqualTo(2), "but not the count early stopping uses");
            schedule.EndEpoch(state, 4, 0.3);
            Assert.That(state.EpochsSinceBest, Is.EqualTo(0));
        }
    }
}
