using System;
using System.Collections.Generic;
using System.Threading;
using Sightline.Data;
using Sightline.Engines;
using Sightline.Training.Batches;

namespace Sightline.Training.Evaluation
{
    /// <summary>
    /// Classifies a data part with an engine in inference mode: the centre crop, or the paper's ten views (corners and
    /// centre, plus mirrors) with their softmax averaged. Reports loss, top-1/top-5 error and a confusion matrix.
    /// </summary>
    public static class Evaluator
    {
        static readonly CropView[] Centre = { CropView.Centre };
        static readonly CropView[] TenViews =
        {
            CropView.Centre, CropView.TopLeft, CropView.TopRight, CropView.BottomLeft, CropView.BottomRight,
            CropView.CentreFlipped, CropView.TopLeftFlipped, CropView.TopRightFlipped, CropView.BottomLeftFlipped, CropView.BottomRightFlipped,
        };

        public static EvaluationResult Evaluate(IInferenceEngine engine, IBatchSource source, DatasetSplit part, bool tenViews, CancellationToken cancellation = default)
        {
            int count = source.Count(part);
            int classes = engine.Spec.Classes;
            int batch = Math.Max(1, engine.MaxBatch);
            int pixels = engine.Spec.InputShape.Size;
            var views = tenViews ? TenViews : Centre;
            var input = new float[batch * pixels];
            var logits = new float[batch * classes];
            var probabilities = new float[batch * classes];
            var sum = new float[batch * classes];
            var labels = new int[batch];
            var samples = new int[batch];
            var confusion = new ConfusionMatrix(source.Labels);
            var predictions = new List<Prediction>(count);
            double loss = 0;
            int top1 = 0, top5 = 0;
            int k = Math.Min(5, classes);

            for (int start = 0; start < count; start += batch)
            {
                cancellation.ThrowIfCancellationRequested();
                int n = Math.Min(batch, count - start);
                for (int i = 0; i < n; i++) samples[i] = start + i;
                Array.Clear(sum, 0, sum.Length);
                foreach (var view in views)
                {
                    source.FillView(part, samples.AsSpan(0, n), view, input.AsSpan(0, n * pixels), labels.AsSpan(0, n));
                    engine.Forward(input.AsSpan(0, n * pixels), n, logits.AsSpan(0, n * classes), false);
                    for (int i = 0; i < n; i++)
                    {
                        var row = probabilities.AsSpan(i * classes, classes);
                        Softmax.Apply(logits.AsSpan(i * classes, classes), row);
                        for (int c = 0; c < classes; c++) sum[i * classes + c] += row[c];
                    }
                }
                float scale = 1f / views.Length;
                for (int i = 0; i < n; i++)
                {
                    var row = sum.AsSpan(i * classes, classes);
                    for (int c = 0; c < classes; c++) row[c] *= scale;
                    int label = labels[i];
                    loss += -Math.Log(Math.Max(row[label], 1e-30f));
                    int rank = Softmax.RankOf(row, label);
                    if (rank < 1) top1++;
                    if (rank < k) top5++;
                    int predicted = Softmax.ArgMax(row);
                    confusion.Add(label, predicted);
                    predictions.Add(new Prediction(start + i, label, predicted, row[predicted]));
                }
            }
            if (count == 0) return new EvaluationResult(0, double.NaN, double.NaN, double.NaN, tenViews, confusion, predictions);
            return new EvaluationResult(count, loss / count, 1.0 - (double)top1 / count, 1.0 - (double)top5 / count, tenViews, confusion, predictions);
        }
    }
}
