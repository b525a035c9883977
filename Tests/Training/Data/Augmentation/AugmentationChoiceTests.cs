using System;
using System.Linq;
using NUnit.Framework;
using Sightline.Data;
using Sightline.Randomness;

namespace Sightline.Tests.Training.Data.Augmentation
{
    public class AugmentationChoiceTests
    {
        static readonly ColorPca Pca = new ColorPca(new[] { 0.070, 0.060, 0.050, 0.060, 0.068, 0.058, 0.050, 0.058, 0.072 });

        static AugmentParams[] Draws(AugmentationChoice choice, int n = 2000)
        {
            var settings = AugmentationSettings.For(choice, 110, 96);
            var r = new SeededRandom(17);
            return Enumerable.Range(0, n).Select(_ => AugmentationSampler.Draw(r, settings, Pca)).ToArray();
        }

        static bool Lit(AugmentParams p) => p.DeltaR != 0f || p.DeltaG != 0f || p.DeltaB != 0f;
        static bool OffCentre(AugmentParams p) => p.CropX != 7 || p.CropY != 7;

        [Test]
        public void PaperCropsFlipsAndLights()
        {
            var d = Draws(AugmentationChoice.Paper);
            Assert.That(d.Count(p => p.Flip == 1), Is.InRange(900, 1100));
            Assert.That(d.Count(OffCentre), Is.GreaterThan(1800));
            Assert.That(d.Count(Lit), Is.EqualTo(d.Length));
        }

        [Test]
        public void CropsOnlyNeverFlipsOrLights()
        {
            var d = Draws(AugmentationChoice.CropsOnly);
            Assert.That(d.Count(p => p.Flip == 1), Is.EqualTo(0));
            Assert.That(d.Count(Lit), Is.EqualTo(0));
            Assert.That(d.Count(OffCentre), Is.GreaterThan(1800));
            Assert.That(d.Max(p => p.CropX), Is.EqualTo(14));
        }

        [Test]
        public void NoFlipsCropsAndLightsButNeverMirrors()
        {
            var d = Draws(AugmentationChoice.NoFlips);
            Assert.That(d.Count(p => p.Flip == 1), Is.EqualTo(0));
            Assert.That(d.Count(Lit), Is.EqualTo(d.Length));
            Assert.That(d.Count(OffCentre), Is.GreaterThan(1800));
        }

        [Test]
        public void NoneIsAlwaysTheCentreCropUnchanged()
        {
            var d = Draws(AugmentationChoice.None);
            var centre = AugmentationSampler.Centre(110, 96);
            Assert.That(d.All(p => p.CropX == centre.CropX && p.CropY == centre.CropY && p.Flip == 0 && !Lit(p)), Is.True);
        }

        [Test]
        public void AnUndefinedChoiceIsRefusedByName()
        {
            Assert.That(() => AugmentationSettings.For((AugmentationChoice)9, 110, 96), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("augmentation choice"));
        }
    }
}
