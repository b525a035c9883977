using System;

namespace Sightline.Data
{
    /// <summary>How a <see cref="DataLoader"/> forms batches.</summary>
    public sealed class LoaderOptions
    {
        public LoaderOptions(AugmentationSettings augmentation)
        {
            Augmentation = augmentation ?? throw new ArgumentNullException(nameof(augmentation));
        }

        public AugmentationSettings Augmentation { get; }
        public int BatchSize { get; set; } = 128;
        /// <summary>A new order every epoch (derived from <see cref="Seed"/> and the epoch number only).</summary>
        public bool Shuffle { get; set; } = true;
        /// <summary>Leave out the last, incomplete batch (training), or deliver it smaller (evaluation).</summary>
        public bool DropLast { get; set; } = true;
        public ulong Seed { get; set; }
        /// <summary>Background threads forming batches; 0: processors - 1, at least 1 and at most 4.</summary>
        public int Workers { get; set; }
        /// <summary>Batches formed ahead of the consumer (bounds memory: at most this many batches wait).</summary>
        public int Prefetch { get; set; } = 3;
        /// <summary>Fill <see cref="Batch.Input"/> with float NCHW input (the CPU engine's path).</summary>
        public bool ProduceInput { get; set; } = true;
        /// <summary>Fill <see cref="Batch.Frames"/> with the raw uint8 stored frames (the GPU path: it applies <see cref="Batch.Params"/> itself).</summary>
        public bool ProduceFrames { get; set; }
        /// <summary>Ten inputs per image (the paper's test views) instead of one; <see cref="Augmentation"/> is then ignored except for its sizes.</summary>
        public bool TenViews { get; set; }

        /// <summary>The paper's training: shuffled, random crops, flips, PCA lighting, full batches only.</summary>
        public static LoaderOptions Training(int storedSize, int inputSize, int batchSize, ulong seed) =>
            new LoaderOptions(AugmentationSettings.Training(storedSize, inputSize)) { BatchSize = batchSize, Seed = seed };

        /// <summary>Evaluation: dataset order, centre crops, every image (the last batch may be smaller).</summary>
        public static LoaderOptions Evaluation(int storedSize, int inputSize, int batchSize) =>
            new LoaderOptions(AugmentationSettings.Evaluation(storedSize, inputSize)) { BatchSize = batchSize, Shuffle = false, DropLast = false };
    }
}
