using System.Collections.Generic;

namespace Sightline.Reliability.Fuzzing
{
    /// <summary>
    /// Finds bytes that look like lengths, so <see cref="Mutator"/> can make them huge: parsers that trust a length
    /// before checking it against what is left allocate gigabytes or index past the end. The guesses are format-blind
    /// heuristics (a word whose value fits in the rest of the file, a MessagePack length marker, a protobuf
    /// length-delimited tag and varint); wrong guesses are harmless, they are just another mutation.
    /// </summary>
    public static class LengthFieldFinder
    {
        /// <summary>At most this many leading bytes are scanned (seed files are small; checkpoints hold weights after the header).</summary>
        public const int ScanLimit = 1 << 16;

        public static List<LengthField> Find(byte[] data)
        {
            var found = new List<LengthField>();
            int n = System.Math.Min(data.Length, ScanLimit);
            for (int i = 0; i < n; i++)
            {
                int rest = data.Length - i;
                if (rest >= 4)
                {
                    uint le = (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24);
                    uint be = (uint)(data[i] << 24 | data[i + 1] << 16 | data[i + 2] << 8 | data[i + 3]);
                    // Plausible: non-trivial and no longer than what follows.
                    if (le >= 2 && le <= rest - 4) found.Add(new LengthField(i, 4, LengthEncoding.UInt32LittleEndian));
                    if (be >= 2 && be <= rest - 4) found.Add(new LengthField(i, 4, LengthEncoding.UInt32BigEndian));
                }
                AddMessagePack(data, i, found);
                AddProtobuf(data, i, found);
            }
            return found;
        }

        static void AddMessagePack(byte[] data, int i, List<LengthField> found)
        {
            byte b = data[i];
            int rest = data.Length - i - 1;
            switch (b)
            {
                case 0xc4: case 0xd9: if (rest >= 1) found.Add(new LengthField(i + 1, 1, LengthEncoding.Byte)); break;
                case 0xc5: case 0xda: case 0xdc: case 0xde: if (rest >= 2) found.Add(new LengthField(i + 1, 2, LengthEncoding.UInt16BigEndian)); break;
                case 0xc6: case 0xdb: case 0xdd: case 0xdf: if (rest >= 4) found.Add(new LengthField(i + 1, 4, LengthEncoding.UInt32BigEndian)); break;
                default:
                    // fixmap 0x80-0x8f, fixarray 0x90-0x9f, fixstr 0xa0-0xbf (only non-empty ones: they are the likely headers).
                    if ((b > 0x80 && b <= 0x8f) || (b > 0x90 && b <= 0x9f) || (b > 0xa0 && b <= 0xbf))
                        found.Add(new LengthField(i, 1, LengthEncoding.MessagePackFixHeader));
                    break;
            }
        }

        static void AddProtobuf(byte[] data, int i, List<LengthField> found)
        {
            byte tag = data[i];
            // A one-byte tag of wire type 2 (length-delimited) and field number 1..15.
            if ((tag & 7) != 2 || (tag >> 3) < 1 || (tag & 0x80) != 0) return;
            int at = i + 1;
            ulong value = 0;
            int shift = 0, size = 0;
            while (at + size < data.Length && size < 5)
            {
                byte b = data[at + size];
                value |= (ulong)(b & 0x7f) << shift;
                size++;
                shift += 7;
                if ((b & 0x80) == 0)
                {
                    if (value >= 1 && value <= (ulong)(data.Length - at - size)) found.Add(new LengthField(at, size, LengthEncoding.Varint));
                    return;
                }
            }
        }
    }
}
