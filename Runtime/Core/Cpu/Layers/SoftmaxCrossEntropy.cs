using System;

namespace Sightline.Cpu
{
    /// <summary>
    /// Softmax and cross-entropy. Layouts: logits and probabilities [B, classes], labels [B].
    /// loss = mean over b of -log softmax(logits[b])[label[b]]; dLogits[b, c] = (softmax[b, c] - [c == label[b]]) / B.
    /// </summary>
    public static class SoftmaxCrossEntropy
    {
        /// <summary>probabilities[b, :] = softmax(logits[b, :]) (max-subtracted; probabilities may be logits).</summary>
        public static void Softmax(int classes, int batch, ReadOnlySpan<float> logits, Span<float> probabilities)
        {
            if (classes < 1 || logits.Length < batch * classes || probabilities.Length < batch * classes)
                throw new ArgumentException($"softmax: batch {batch} x {classes} classes, spans of {logits.Length} and {probabilities.Length}");
            for (int b = 0; b < batch; b++)
            {
                var row = logits.Slice(b * classes, classes);
                var dst = probabilities.Slice(b * classes, classes);
                float max = row[0];
                for (int c = 1; c < classes; c++) if (row[c] > max) max = row[c];
                double sum = 0;
                for (int c = 0; c < classes; c++)
                {
                    float e = MathF.Exp(row[c] - max);
                    dst[c] = e;
                    sum += e;
                }
                float inverse = (float)(1.0 / sum);
                for (int c = 0; c < classes; c++) dst[c] *= inverse;
            }
        }

        /// <summary>Mean loss over the batch; writes dLogits (overwritten) when it is not empty.</summary>
        public static float Forward(int classes, int batch, ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> dLogits)
        {
            if (batch < 1 || classes < 1 || logits.Length < batch * classes || labels.Length < batch)
                throw new ArgumentException($"cross-entropy: batch {batch} x {classes} classes, {logits.Length} logits, {labels.Length} labels");
            if (!dLogits.IsEmpty && dLogits.Length < batch * classes)
                throw new ArgumentException($"cross-entropy gradient: {dLogits.Length} floats, needs {batch * classes}");
            double total = 0;
            for (int b = 0; b < batch; b++)
            {
                int label = labels[b];
                if (label < 0 || label >= classes) throw new ArgumentOutOfRangeException(nameof(labels), label, $"label {b} of the batch is {label}, outside 0..{classes - 1}");
                var row = logits.Slice(b * classes, classes);
                float max = row[0];
                for (int c = 1; c < classes; c++) if (row[c] > max) max = row[c];
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += Math.Exp(row[c] - max);
                double logSum = Math.Log(sum);
                total += logSum - (row[label] - max);
                if (dLogits.IsEmpty) continue;
                var grad = dLogits.Slice(b * classes, classes);
                double scale = 1.0 / batch;
                for (int c = 0; c < classes; c++)
                {
                    double p = Math.Exp(row[c] - max - logSum);
                    grad[c] = (float)((p - (c == label ? 1.0 : 0.0)) * scale);
                }
            }
            return (float)(total / batch);
        }
    }
}
