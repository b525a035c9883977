namespace Sightline.Reliability.Fuzzing
{
    /// <summary>How a length is stored in the bytes <see cref="LengthFieldFinder"/> found.</summary>
    public enum LengthEncoding
    {
        /// <summary>32-bit little-endian word (checkpoint header, BMP sizes).</summary>
        UInt32LittleEndian = 0,
        /// <summary>32-bit big-endian word (PNG chunk lengths, MessagePack bin32/str32/array32/map32).</summary>
        UInt32BigEndian = 1,
        /// <summary>16-bit big-endian word (MessagePack bin16/str16/array16/map16, JPEG segment lengths).</summary>
        UInt16BigEndian = 2,
        /// <summary>8-bit count (MessagePack bin8/str8).</summary>
        Byte = 3,
        /// <summary>Protobuf base-128 varint after a length-delimited field's tag.</summary>
        Varint = 4,
        /// <summary>A MessagePack fixarray/fixmap/fixstr header byte, which can only be made huge by widening it.</summary>
        MessagePackFixHeader = 5,
    }

    /// <summary>Where a length-like field sits: <see cref="Size"/> bytes from <see cref="Offset"/>.</summary>
    public readonly struct LengthField
    {
        public LengthField(int offset, int size, LengthEncoding encoding)
        {
            Offset = offset;
            Size = size;
            Encoding = encoding;
        }

        public int Offset { get; }
        public int Size { get; }
        public LengthEncoding Encoding { get; }

        public override string ToString() => $"{Encoding} at {Offset}";
    }
}
