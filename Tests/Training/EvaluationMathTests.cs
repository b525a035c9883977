using System;
using NUnit.Framework;
using Sightline.Training.Evaluation;

namespace Sightline.Tests.Training
{
    public class EvaluationMathTests
    {
        [Test]
        public void SoftmaxIsStableAndSumsToOne()
        {
            var p = new float[3];
            Softmax.Apply(new[] { 1000f, 1000f, 0f }, p);
            Assert.That(p[0], Is.EqualTo(0.5f).Within(1e-6f));
            Assert.That(p[0] + p[1] + p[2], Is.EqualTo(1f).Within(1e-6f));
            Assert.That(Softmax.CrossEntropy(new[] { 0f, 0f, 0f, 0f }, 2), Is.EqualTo(Math.Log(4)).Within(1e-9));
        }

        [Test]
        public void RankCountsTiesAgainstTheLabel()
        {
            var scores = new[] { 0.1f, 0.5f, 0.5f, 0.2f };
            Assert.That(Softmax.RankOf(scores, 1), Is.EqualTo(1));
            Assert.That(Softmax.RankOf(scores, 0), Is.EqualTo(3));
            Assert.That(Softmax.ArgMax(new[] { 0f, 3f, 2f }), Is.EqualTo(1));
        }

        [Test]
        public void ConfusionMatrixCountsRowsAsActualLabels()
        {
            var m = new ConfusionMatrix(new[] { "a", "b" });
            m.Add(0, 0);
            m.Add(0, 1);
            m.Add(1, 1);
            Assert.That(m[0, 1], Is.EqualTo(1));
            Assert.That(m.Total, Is.EqualTo(3));
            Assert.That(m.Correct, Is.EqualTo(2));
            Assert.That(m.Recall(0), Is.EqualTo(0.5));
            Assert.That(m.Row(1), Is.EqualTo(new[] { 0, 1 }));
        }
    }
}
