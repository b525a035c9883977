using System;
using NUnit.Framework;
using Sightline.Capture;

namespace Sightline.Tests.Core.Capture
{
    public class ViewLabelRuleTests
    {
        static LabelCoverage C(string label, double fraction) => new LabelCoverage(label, fraction);

        [Test]
        public void TheLabelCoveringMostOfTheViewWins()
        {
            var result = new ViewLabelRule().Choose(new[] { C("tree", 0.2), C("car", 0.35), C("house", 0.1) });
            Assert.That(result.Label, Is.EqualTo("car"));
            Assert.That(result.Coverage, Is.EqualTo(0.35));
            Assert.That(result.Reason, Does.Contain("car").And.Contain("tree"));
        }

        [Test]
        public void AnEmptyViewIsSkipped()
        {
            var result = new ViewLabelRule().Choose(new LabelCoverage[0]);
            Assert.That(result.IsLabelled, Is.False);
            Assert.That(result.Reason, Does.Contain("no labelled object"));
        }

        [Test]
        public void ALabelBelowTheMinimumCoverageIsNotUsed()
        {
            var rule = new ViewLabelRule { MinimumCoverage = 0.1 };
            var result = rule.Choose(new[] { C("car", 0.08) });
            Assert.That(result.Label, Is.Null);
            Assert.That(result.Reason, Does.Contain("'car'").And.Contain("less than the minimum"));
            Assert.That(rule.Choose(new[] { C("car", 0.1) }).Label, Is.EqualTo("car"));
        }

        [Test]
        public void AViewSplitBetweenTwoLabelsIsSkippedWhenALeadIsRequired()
        {
            var rule = new ViewLabelRule { MinimumLead = 0.1 };
            Assert.That(rule.Choose(new[] { C("car", 0.40), C("tree", 0.35) }).Label, Is.Null);
            Assert.That(rule.Choose(new[] { C("car", 0.50), C("tree", 0.35) }).Label, Is.EqualTo("car"));
        }

        [Test]
        public void TiesResolveToTheOrdinallySmallerLabelWhateverTheOrder()
        {
            var rule = new ViewLabelRule();
            Assert.That(rule.Choose(new[] { C("tree", 0.3), C("car", 0.3) }).Label, Is.EqualTo("car"));
            Assert.That(rule.Choose(new[] { C("car", 0.3), C("tree", 0.3) }).Label, Is.EqualTo("car"));
        }

        [Test]
        public void SettingsOutsideZeroToOneAreRefused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new ViewLabelRule { MinimumCoverage = 1.5 });
            Assert.Throws<ArgumentOutOfRangeException>(() => new ViewLabelRule { MinimumLead = -0.1 });
        }

        [Test]
        public void BoundsAndRuleTogetherLabelTheDominantObject()
        {
            // A car filling the lower half, a partly visible tree at the right edge.
            var coverage = ViewCoverage.FromBounds(new[]
            {
                new System.Collections.Generic.KeyValuePair<string, ViewRect>("car", new ViewRect(0.1f, 0f, 0.9f, 0.5f)),
                new System.Collections.Generic.KeyValuePair<string, ViewRect>("tree", new ViewRect(0.8f, 0.2f, 1.4f, 1.2f)),
            });
            var result = new ViewLabelRule().Choose(coverage);
            Assert.That(result.Label, Is.EqualTo("car"));
            Assert.That(result.Coverage, Is.EqualTo(0.4).Within(1e-6));
        }
    }
}
