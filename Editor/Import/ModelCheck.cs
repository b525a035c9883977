#nullable enable
using System;
using System.Diagnostics;
using System.Text;
using Sightline.Classification;
using Sightline.Cpu;
using Sightline.Imaging;
using Sightline.Unity.Models;

namespace Sightline.Editor.Import
{
    /// <summary>
    /// The Inspector's "Check": loads a model asset as a classifier would and runs one inference on the CPU engine
    /// (the reference) on a mid-grey frame, so a broken or mismatched model shows before a scene uses it.
    /// </summary>
    public static class ModelCheck
    {
        /// <summary>One line: the top classes and their probabilities and the time taken, or what failed.</summary>
        public static string Run(ModelFile file, int top = 3)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var model = file.Load();
                double loadMs = clock.Elapsed.TotalMilliseconds;
                int size = model.Spec.InputSize;
                var pixels = new byte[size * size * 3];
                pixels.AsSpan().Fill(128);
                using (var classifier = new ImageClassifier(new CpuEngine(model.Spec, 1), model))
                {
                    clock.Restart();
                    var result = classifier.ClassifyAsync(new Frame(pixels, size, size), Math.Min(top, model.Spec.Classes)).GetAwaiter().GetResult();
                    var text = new StringBuilder("OK: a grey frame gives ");
                    for (int i = 0; i < result.Top.Count; i++)
                    {
                        var score = result.Top[i];
                        if (i > 0) text.Append(", ");
                        text.Append(score.Label).Append(' ').Append((score.Probability * 100f).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).Append('%');
                    }
                    float sum = 0f;
                    foreach (var score in result.Top) sum += score.Probability;
                    if (float.IsNaN(sum)) return "FAILED: the network's output is not a number (NaN weights?)";
                    text.Append($" (loaded in {loadMs:0} ms, one CPU inference in {clock.Elapsed.TotalMilliseconds:0} ms)");
                    return text.ToString();
                }
            }
            catch (Exception e)
            {
                return "FAILED: " + e.Message;
            }
        }
    }
}
