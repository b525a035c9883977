#nullable enable
using System;
using System.Threading;
using Sightline.Classification;

namespace Sightline.Unity.Classification
{
    /// <summary>
    /// One model on one engine, shared by every <see cref="SightlineClassifier"/> that uses the same model asset,
    /// engine choice and TF32 setting (<see cref="ClassifierRunners"/>): one engine, one copy of the weights, one
    /// worker thread that classifies the frames of all of them, several at a time when they arrive together.
    /// </summary>
    public sealed class ClassifierRunner
    {
        int _largestBatch;

        readonly UserCount _users;

        internal ClassifierRunner(ImageClassifier classifier, string report, UserCount users)
        {
            _users = users;
            Classifier = classifier;
            Report = report;
            classifier.BatchCompleted += size =>
            {
                int seen;
                while (size > (seen = Volatile.Read(ref _largestBatch)) && Interlocked.CompareExchange(ref _largestBatch, size, seen) != seen) { }
            };
        }

        internal ImageClassifier Classifier { get; }
        /// <summary>What each engine attempt said (Auto tries CUDA, ONNX Runtime, the CPU).</summary>
        public string Report { get; }
        public string EngineName => Classifier.EngineName;
        /// <summary>Components using this runner.</summary>
        public int Users => _users.Value;
        /// <summary>Frames classified for all its users together (the warm-up frame included).</summary>
        public long FramesClassified => Classifier.FramesClassified;
        /// <summary>Engine calls; fewer than <see cref="FramesClassified"/> when frames were batched together.</summary>
        public long BatchesRun => Classifier.BatchesRun;
        /// <summary>The most frames one engine call has classified.</summary>
        public int LargestBatch => Volatile.Read(ref _largestBatch);
        /// <summary>True once the last user let go and the engine was disposed (or is being disposed).</summary>
        public bool IsReleased { get; internal set; }
    }
}
