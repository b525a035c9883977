using System;
using System.Collections.Generic;
using Sightline.Randomness;

namespace Sightline.Reliability.Fuzzing
{
    /// <summary>
    /// One parser of user files under fuzzing: valid seed files built in code, how to run the parser on bytes, and
    /// which exceptions are its documented failures. A case passes when the parser returns or throws one of
    /// <see cref="ExpectedExceptions"/> with a message that names the file; anything else is a bug.
    /// </summary>
    public abstract class FuzzTarget
    {
        IReadOnlyList<byte[]>? _seeds;

        /// <summary>Short name for the CLI (image, manifest, checkpoint, model, onnx).</summary>
        public abstract string Name { get; }
        public abstract string Description { get; }
        /// <summary>The parser's own exception types (subclasses count too).</summary>
        public abstract IReadOnlyList<Type> ExpectedExceptions { get; }

        /// <summary>Valid files the mutations start from; built once, on first use.</summary>
        public IReadOnlyList<byte[]> Seeds => _seeds ?? (_seeds = CreateSeeds());

        protected abstract IReadOnlyList<byte[]> CreateSeeds();

        /// <summary>
        /// Parses <paramref name="input"/> the way a user's file is read. <paramref name="path"/> is a scratch file
        /// name to write the bytes to when the API takes a path, and the name errors must mention.
        /// </summary>
        public abstract void Run(byte[] input, string path);

        /// <summary>
        /// A chance to repair what a mutation broke that would stop every case at the first check (a checksum, a
        /// CRC), or to add structure-aware damage, so the fuzzing reaches the parser behind the first checks.
        /// Deterministic for a given generator state; <paramref name="log"/>, when given, gets a line per change.
        /// </summary>
        public virtual byte[] Prepare(byte[] mutated, SeededRandom random, List<string>? log) => mutated;

        /// <summary>True when <paramref name="e"/> is one of ours and its message names the file.</summary>
        public bool IsExpected(Exception e, string path)
        {
            bool ours = false;
            foreach (var type in ExpectedExceptions)
                if (type.IsInstanceOfType(e)) ours = true;
            return ours && !string.IsNullOrWhiteSpace(e.Message) && e.Message.IndexOf(System.IO.Path.GetFileName(path), StringComparison.Ordinal) >= 0;
        }
    }
}
