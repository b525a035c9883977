namespace Sightline.Reliability.Fuzzing
{
    /// <summary>The ways <see cref="Mutator"/> damages a valid file.</summary>
    public enum MutationKind
    {
        /// <summary>One bit inverted.</summary>
        BitFlip = 0,
        /// <summary>One byte set to a boundary value: 0x00, 0xFF, 0x7F or 0x80.</summary>
        InterestingByte = 1,
        /// <summary>A 4-byte aligned word set to 0, 0x7FFFFFFF, 0x80000000 or 0xFFFFFFFF (either byte order).</summary>
        InterestingWord = 2,
        /// <summary>A byte range that looks like a length (32-bit word, MessagePack or protobuf length) made huge.</summary>
        OversizedLength = 3,
        /// <summary>The file cut short.</summary>
        Truncate = 4,
        /// <summary>The start of this file joined to the end of another seed file.</summary>
        Splice = 5,
        /// <summary>A chunk copied and inserted again right after itself.</summary>
        DuplicateChunk = 6,
        /// <summary>A chunk removed.</summary>
        DeleteChunk = 7,
        /// <summary>A short run of bytes overwritten with random values.</summary>
        RandomBytes = 8,
    }
}
