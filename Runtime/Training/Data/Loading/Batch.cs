using System;

namespace Sightline.Data
{
    /// <summary>
    /// One batch from a <see cref="DataLoader"/>. Dispose it when done so its arrays are reused (not required:
    /// undisposed batches are simply collected).
    /// </summary>
    public sealed class Batch : IDisposable
    {
        readonly DataLoader? _owner;

        internal Batch(DataLoader? owner, int epoch, int index, int count, int views, int storedSize, int inputSize, float[]? input, byte[]? frames)
        {
            _owner = owner;
            Epoch = epoch;
            Index = index;
            Count = count;
            Views = views;
            StoredSize = storedSize;
            InputSize = inputSize;
            Input = input;
            Frames = frames;
            Labels = new int[count];
            Entries = new int[count];
            Params = new AugmentParams[count * views];
        }

        public int Epoch { get; }
        /// <summary>Position of the batch in its epoch.</summary>
        public int Index { get; }
        /// <summary>Images in the batch.</summary>
        public int Count { get; }
        /// <summary>Inputs per image: 1, or 10 for the paper's test views.</summary>
        public int Views { get; }
        /// <summary>Count x Views.</summary>
        public int InputCount => Count * Views;
        public int StoredSize { get; }
        public int InputSize { get; }
        /// <summary>Float input [InputCount, 3, InputSize, InputSize] (see <see cref="AugmentApply"/> for the values) (exactly <see cref="InputLength"/> values), or null when not requested.</summary>
        public float[]? Input { get; private set; }
        /// <summary>Class index per image [Count].</summary>
        public int[] Labels { get; }
        /// <summary>Cache entry per image [Count].</summary>
        public int[] Entries { get; }
        /// <summary>Raw stored frames [Count, S, S, 3] uint8, or null when not requested.</summary>
        public byte[]? Frames { get; private set; }
        /// <summary>Augmentation per input [InputCount] (image-major: image i's views are i*Views .. i*Views+Views-1).</summary>
        public AugmentParams[] Params { get; }

        public int InputLength => InputCount * 3 * InputSize * InputSize;

        public void Dispose()
        {
            var input = Input;
            var frames = Frames;
            Input = null;
            Frames = null;
            _owner?.Return(input, frames);
        }
    }
}
