using System;
using System.Collections.Generic;
using Sightline.Randomness;

namespace Sightline.Reliability.Fuzzing
{
    /// <summary>
    /// Deterministic mutations of byte arrays: the same input, seed files and generator state give the same output on
    /// every platform. <see cref="Mutate"/> stacks one to four random mutations (a "havoc" round); the single
    /// mutations are public so tests can check each one. Inputs are never modified; every method returns a new array.
    /// </summary>
    public static class Mutator
    {
        static readonly byte[] InterestingBytes = { 0x00, 0xFF, 0x7F, 0x80 };
        static readonly uint[] InterestingWords = { 0u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu };
        static readonly int KindCount = Enum.GetValues(typeof(MutationKind)).Length;

        /// <summary>One to four stacked random mutations of <paramref name="input"/>; <paramref name="log"/>, when given, receives one line per mutation.</summary>
        public static byte[] Mutate(byte[] input, IReadOnlyList<byte[]> seeds, SeededRandom random, List<string>? log = null)
        {
            int rounds = 1 + random.NextInt(4);
            byte[] data = input;
            for (int r = 0; r < rounds; r++)
            {
                var kind = (MutationKind)random.NextInt(KindCount);
                data = Apply(kind, data, seeds, random, out string detail);
                log?.Add(detail);
            }
            return data;
        }

        /// <summary>One mutation of the given kind at random positions; <paramref name="detail"/> says what was done where.</summary>
        public static byte[] Apply(MutationKind kind, byte[] input, IReadOnlyList<byte[]> seeds, SeededRandom random, out string detail)
        {
            // An empty input can only grow: splice it with a seed.
            if (input.Length == 0 && kind != MutationKind.Splice)
            {
                detail = "empty input: nothing to mutate";
                return input;
            }
            switch (kind)
            {
                case MutationKind.BitFlip:
                {
                    int bit = random.NextInt(input.Length * 8 > 0 ? Math.Min(input.Length, int.MaxValue / 8) * 8 : 1);
                    detail = $"flip bit {bit % 8} of byte {bit / 8}";
                    return FlipBit(input, bit);
                }
                case MutationKind.InterestingByte:
                {
                    int at = random.NextInt(input.Length);
                    byte value = InterestingBytes[random.NextInt(InterestingBytes.Length)];
                    detail = $"set byte {at} to 0x{value:X2}";
                    return SetByte(input, at, value);
                }
                case MutationKind.InterestingWord:
                {
                    if (input.Length < 4) goto case MutationKind.InterestingByte;
                    int at = random.NextInt(input.Length / 4) * 4;
                    uint value = InterestingWords[random.NextInt(InterestingWords.Length)];
                    bool bigEndian = random.NextBool();
                    detail = $"set word {at} to 0x{value:X8} ({(bigEndian ? "big" : "little")}-endian)";
                    return SetWord(input, at, value, bigEndian);
                }
                case MutationKind.OversizedLength:
                {
                    var fields = LengthFieldFinder.Find(input);
                    if (fields.Count == 0) goto case MutationKind.InterestingWord;
                    var field = fields[random.NextInt(fields.Count)];
                    bool maximal = random.NextBool();
                    detail = $"oversize the {field} ({(maximal ? "all ones" : "signed maximum")})";
                    return OversizeLength(input, field, maximal);
                }
                case MutationKind.Truncate:
                {
                    int length = random.NextInt(input.Length);
                    detail = $"truncate {input.Length} bytes to {length}";
                    return Truncate(input, length);
                }
                case MutationKind.Splice:
                {
                    if (seeds.Count == 0) goto case MutationKind.DeleteChunk;
                    var other = seeds[random.NextInt(seeds.Count)];
                    int cut = random.NextInt(input.Length + 1);
                    int from = random.NextInt(other.Length + 1);
                    detail = $"splice bytes [0, {cut}) with a seed's bytes from {from} ({other.Length - from} bytes)";
                    return Splice(input, cut, other, from);
                }
                case MutationKind.DuplicateChunk:
                {
                    int start = random.NextInt(input.Length);
                    int count = 1 + random.NextInt(Math.Min(input.Length - start, 256));
                    detail = $"duplicate bytes [{start}, {start + count})";
                    return DuplicateChunk(input, start, count);
                }
                case MutationKind.DeleteChunk:
                {
                    if (input.Length == 0)
                    {
                        detail = "empty input: nothing to delete";
                        return input;
                    }
                    int start = random.NextInt(input.Length);
                    int count = 1 + random.NextInt(Math.Min(input.Length - start, 256));
                    detail = $"delete bytes [{start}, {start + count})";
                    return DeleteChunk(input, start, count);
                }
                case MutationKind.RandomBytes:
                {
                    int start = random.NextInt(input.Length);
                    int count = 1 + random.NextInt(Math.Min(input.Length - start, 16));
                    var output = (byte[])input.Clone();
                    for (int i = 0; i < count; i++) output[start + i] = (byte)random.NextUInt64();
                    detail = $"randomise bytes [{start}, {start + count})";
                    return output;
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown mutation");
            }
        }

        public static byte[] FlipBit(byte[] input, int bit)
        {
            var output = (byte[])input.Clone();
            output[bit / 8] ^= (byte)(1 << (bit % 8));
            return output;
        }

        public static byte[] SetByte(byte[] input, int at, byte value)
        {
            var output = (byte[])input.Clone();
            output[at] = value;
            return output;
        }

        public static byte[] SetWord(byte[] input, int at, uint value, bool bigEndian)
        {
            var output = (byte[])input.Clone();
            for (int i = 0; i < 4; i++)
            {
                int shift = bigEndian ? 8 * (3 - i) : 8 * i;
                output[at + i] = (byte)(value >> shift);
            }
            return output;
        }

        /// <summary>
        /// Replaces the length at <paramref name="field"/> with the largest value its encoding holds
        /// (<paramref name="maximal"/>) or the largest signed 32-bit value. Varints and MessagePack fix headers
        /// are widened, so the result may be longer than the input.
        /// </summary>
        public static byte[] OversizeLength(byte[] input, LengthField field, bool maximal)
        {
            switch (field.Encoding)
            {
                case LengthEncoding.UInt32LittleEndian:
                    return SetWord(input, field.Offset, maximal ? 0xFFFFFFFFu : 0x7FFFFFFFu, false);
                case LengthEncoding.UInt32BigEndian:
                    return SetWord(input, field.Offset, maximal ? 0xFFFFFFFFu : 0x7FFFFFFFu, true);
                case LengthEncoding.UInt16BigEndian:
                {
                    var output = (byte[])input.Clone();
                    output[field.Offset] = maximal ? (byte)0xFF : (byte)0x7F;
                    output[field.Offset + 1] = 0xFF;
                    return output;
                }
                case LengthEncoding.Byte:
                    return SetByte(input, field.Offset, maximal ? (byte)0xFF : (byte)0x7F);
                case LengthEncoding.Varint:
                {
                    // 0xFFFFFFFF as a 5-byte varint, or int.MaxValue.
                    var huge = maximal ? new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F } : new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 };
                    return Replace(input, field.Offset, field.Size, huge);
                }
                case LengthEncoding.MessagePackFixHeader:
                {
                    byte b = input[field.Offset];
                    // fixmap -> map32, fixarray -> array32, fixstr -> str32, with a 32-bit count.
                    byte marker = b <= 0x8f ? (byte)0xdf : b <= 0x9f ? (byte)0xdd : (byte)0xdb;
                    var wide = new byte[] { marker, maximal ? (byte)0xFF : (byte)0x7F, 0xFF, 0xFF, 0xFF };
                    return Replace(input, field.Offset, 1, wide);
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(field), field.Encoding, "unknown length encoding");
            }
        }

        public static byte[] Truncate(byte[] input, int length)
        {
            var output = new byte[Math.Min(length, input.Length)];
            Array.Copy(input, output, output.Length);
            return output;
        }

        /// <summary><paramref name="input"/>[0, cut) followed by <paramref name="other"/>[from, end).</summary>
        public static byte[] Splice(byte[] input, int cut, byte[] other, int from)
        {
            var output = new byte[cut + other.Length - from];
            Array.Copy(input, 0, output, 0, cut);
            Array.Copy(other, from, output, cut, other.Length - from);
            return output;
        }

        public static byte[] DuplicateChunk(byte[] input, int start, int count)
        {
            var output = new byte[input.Length + count];
            Array.Copy(input, 0, output, 0, start + count);
            Array.Copy(input, start, output, start + count, input.Length - start);
            return output;
        }

        public static byte[] DeleteChunk(byte[] input, int start, int count)
        {
            var output = new byte[input.Length - count];
            Array.Copy(input, 0, output, 0, start);
            Array.Copy(input, start + count, output, start, input.Length - start - count);
            return output;
        }

        static byte[] Replace(byte[] input, int offset, int size, byte[] with)
        {
            var output = new byte[input.Length - size + with.Length];
            Array.Copy(input, 0, output, 0, offset);
            Array.Copy(with, 0, output, offset, with.Length);
            Array.Copy(input, offset + size, output, offset + with.Length, input.Length - offset - size);
            return output;
        }
    }
}
