using System;

namespace Sightline.Data
{
    /// <summary>Which of the paper's augmentations to use, for a given stored frame size S and network input size.</summary>
    public sealed class AugmentationSettings
    {
        public AugmentationSettings(int storedSize, int inputSize)
        {
            if (inputSize < 1 || storedSize < inputSize)
                throw new ArgumentException($"input size {inputSize} must be between 1 and the stored frame size {storedSize}");
            StoredSize = storedSize;
            InputSize = inputSize;
        }

        public int StoredSize { get; }
        public int InputSize { get; }
        /// <summary>True: crop offsets uniform in 0..S-input on each axis. False: the centre crop.</summary>
        public bool RandomCrop { get; set; } = true;
        /// <summary>Mirror horizontally with probability 1/2.</summary>
        public bool Flip { get; set; } = true;
        public LightingMode Lighting { get; set; } = LightingMode.Eigenvalue;
        /// <summary>Standard deviation of the a_i (0.1 in the paper).</summary>
        public float LightingStd { get; set; } = 0.1f;

        public int MaxOffset => StoredSize - InputSize;

        /// <summary>The paper's training augmentation: random crops, flips, PCA lighting (eigenvalue form).</summary>
        public static AugmentationSettings Training(int storedSize, int inputSize) => new AugmentationSettings(storedSize, inputSize);

        /// <summary>The training augmentation of <paramref name="choice"/> (see <see cref="AugmentationChoice"/>).</summary>
        public static AugmentationSettings For(AugmentationChoice choice, int storedSize, int inputSize)
        {
            var settings = new AugmentationSettings(storedSize, inputSize);
            switch (choice)
            {
                case AugmentationChoice.Paper:
                    break;
                case AugmentationChoice.CropsOnly:
                    settings.Flip = false;
                    settings.Lighting = LightingMode.None;
                    break;
                case AugmentationChoice.NoFlips:
                    settings.Flip = false;
                    break;
                case AugmentationChoice.None:
                    settings.RandomCrop = false;
                    settings.Flip = false;
                    settings.Lighting = LightingMode.None;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(choice), choice, "not an augmentation choice (paper, crops only, no flips, none)");
            }
            return settings;
        }

        /// <summary>Evaluation: centre crop, no flip, no lighting.</summary>
        public static AugmentationSettings Evaluation(int storedSize, int inputSize) =>
            new AugmentationSettings(storedSize, inputSize) { RandomCrop = false, Flip = false, Lighting = LightingMode.None };
    }
}
