using System;
using System.Globalization;
using System.Linq;
using Sightline.Data;
using Sightline.Training.FineTuning;
using Sightline.Training.Schedules;

namespace Sightline.Cli.Training
{
    /// <summary>The words `train` and `demo` take for augmentation, schedule and freezing, and their errors (exit code 2).</summary>
    public static class TrainingChoices
    {
        public const string AugmentHelp = "training augmentation: paper (random crops, flips, PCA lighting; default), crops (random crops only), " +
            "no-flips (crops and lighting: text, digits, UI, anything with handedness) or none (the centre crop)";
        public const string ScheduleHelp = "learning-rate schedule: plateau (divide by 10 when validation stops improving; default), " +
            "steps:E1,E2 (divide by 10 after those epochs) or cosine (warm-up, then down to 0 at the last epoch: for a fixed budget)";

        public static AugmentationChoice ParseAugmentation(string? text, string option = "--augment")
        {
            switch ((text ?? "paper").Trim().ToLowerInvariant())
            {
                case "paper": return AugmentationChoice.Paper;
                case "crops": case "crops-only": return AugmentationChoice.CropsOnly;
                case "no-flips": case "noflips": return AugmentationChoice.NoFlips;
                case "none": return AugmentationChoice.None;
                default: throw new UserInputException($"{option} '{text}' is not paper, crops, no-flips or none");
            }
        }

        public static string Name(AugmentationChoice choice)
        {
            switch (choice)
            {
                case AugmentationChoice.CropsOnly: return "crops";
                case AugmentationChoice.NoFlips: return "no-flips";
                case AugmentationChoice.None: return "none";
                default: return "paper";
            }
        }

        /// <summary>"plateau", "cosine" or "steps:E1,E2,...".</summary>
        public static (ScheduleKind kind, int[] steps) ParseSchedule(string? text)
        {
            string t = (text ?? "plateau").Trim().ToLowerInvariant();
            if (t == "plateau") return (ScheduleKind.Plateau, Array.Empty<int>());
            if (t == "cosine") return (ScheduleKind.Cosine, Array.Empty<int>());
            if (t == "steps" || t.StartsWith("steps:", StringComparison.Ordinal))
            {
                var parts = t.Length > 6 ? t.Substring(6).Split(',') : Array.Empty<string>();
                var epochs = new int[parts.Length];
                for (int i = 0; i < parts.Length; i++)
                    if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out epochs[i]) || epochs[i] < 1)
                        throw new UserInputException($"--schedule '{text}': '{parts[i]}' is not an epoch number (1 or more)");
                if (epochs.Length == 0) throw new UserInputException($"--schedule '{text}': name the epochs to drop after, e.g. steps:10,20");
                return (ScheduleKind.Steps, epochs.Distinct().OrderBy(e => e).ToArray());
            }
            throw new UserInputException($"--schedule '{text}' is not plateau, cosine or steps:E1,E2");
        }

        public static FrozenLayers ParseFreeze(string? text)
        {
            switch ((text ?? "none").Trim().ToLowerInvariant())
            {
                case "none": return FrozenLayers.None;
                case "conv": return FrozenLayers.Convolutions;
                default: throw new UserInputException($"--freeze '{text}' is not none or conv");
            }
        }
    }
}
