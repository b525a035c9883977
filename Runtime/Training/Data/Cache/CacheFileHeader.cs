using System;
using System.IO;
using System.Text;

namespace Sightline.Data
{
    /// <summary>
    /// The first 64 bytes of a cache file (little-endian): magic "SLCACHE1", format version, stored size S, slot
    /// count, reserved, frames offset (4096), index offset and length. Frames are slot-major S x S x 3 bytes (HWC, RGB)
    /// from the frames offset; the MessagePack index (<see cref="CacheMeta"/>) follows them.
    /// </summary>
    internal struct CacheFileHeader
    {
        public const int Version = 1;
        public const long FramesOffset = 4096;
        static readonly byte[] Magic = Encoding.ASCII.GetBytes("SLCACHE1");

        public int StoredSize;
        public int SlotCount;
        public long MetaOffset;
        public long MetaLength;

        public void Write(Stream stream)
        {
            var w = new BinaryWriter(stream, Encoding.ASCII, true);
            w.Write(Magic);
            w.Write(Version);
            w.Write(StoredSize);
            w.Write(SlotCount);
            w.Write(0);
            w.Write(FramesOffset);
            w.Write(MetaOffset);
            w.Write(MetaLength);
            w.Flush();
        }

        public static CacheFileHeader Read(Stream stream, string path)
        {
            var r = new BinaryReader(stream, Encoding.ASCII, true);
            byte[] magic = r.ReadBytes(8);
            if (magic.Length != 8 || !magic.AsSpan().SequenceEqual(Magic)) throw DatasetException.At(path, "not a Sightline frame cache");
            int version = r.ReadInt32();
            if (version != Version) throw DatasetException.At(path, $"frame cache format {version}, this Sightline writes {Version}");
            var header = new CacheFileHeader { StoredSize = r.ReadInt32(), SlotCount = r.ReadInt32() };
            r.ReadInt32();
            long framesOffset = r.ReadInt64();
            header.MetaOffset = r.ReadInt64();
            header.MetaLength = r.ReadInt64();
            long expected = FramesOffset + (long)header.SlotCount * header.StoredSize * header.StoredSize * 3;
            if (framesOffset != FramesOffset || header.StoredSize < 1 || header.SlotCount < 0 || header.MetaOffset != expected
                || header.MetaLength <= 0 || header.MetaOffset + header.MetaLength != stream.Length)
                throw DatasetException.At(path, "frame cache header is inconsistent with the file size (truncated or corrupted)");
            return header;
        }
    }
}
