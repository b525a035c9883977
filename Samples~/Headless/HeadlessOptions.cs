#if !UNITY_5_3_OR_NEWER // A .NET console program: Unity skips it if the sample is imported into a project.
using System;
using System.Globalization;

namespace Sightline.Samples.Headless
{
    /// <summary>The command line: --out DIR, --frames N, --epochs N, --seconds N. A bad value throws ArgumentException naming the option.</summary>
    public sealed class HeadlessOptions
    {
        /// <summary>Gets data/ (the captured dataset) and run/ (checkpoints); null: a new temporary folder.</summary>
        public string? Out { get; private set; }
        /// <summary>Frames to capture (a tenth of them go to the validation split, a tenth to the test split).</summary>
        public int Frames { get; private set; } = 1500;
        /// <summary>Most epochs to train; fixing it (with a generous --seconds) makes a run repeat exactly.</summary>
        public int Epochs { get; private set; } = 8;
        /// <summary>Training time budget: no epoch starts that would end after it.</summary>
        public double Seconds { get; private set; } = 40;

        public static HeadlessOptions Parse(string[] args)
        {
            var options = new HeadlessOptions();
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                if (i + 1 >= args.Length) throw new ArgumentException($"{name}: expected a value after it\n{Usage}");
                string value = args[++i];
                switch (name)
                {
                    case "--out":
                        options.Out = value;
                        break;
                    case "--frames":
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int frames) || frames < 60)
                            throw new ArgumentException($"--frames must be a whole number of at least 60 (got '{value}')");
                        options.Frames = frames;
                        break;
                    case "--epochs":
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int epochs) || epochs < 1 || epochs > 1000)
                            throw new ArgumentException($"--epochs must be a whole number from 1 to 1000 (got '{value}')");
                        options.Epochs = epochs;
                        break;
                    case "--seconds":
                        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds > 0) || double.IsInfinity(seconds))
                            throw new ArgumentException($"--seconds must be a positive number (got '{value}')");
                        options.Seconds = seconds;
                        break;
                    default:
                        throw new ArgumentException($"unknown option '{name}'\n{Usage}");
                }
            }
            return options;
        }

        public const string Usage = "usage: sightline-headless [--out DIR] [--frames N] [--epochs N] [--seconds N]";
    }
}
#endif
