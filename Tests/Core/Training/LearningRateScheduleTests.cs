using NUnit.Framework;
using Sightline.Training.Schedules;

namespace Sightline.Tests.Core.Training
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
    }
}
