using System.Linq;
using NUnit.Framework;
using Sightline.Reliability.Fuzzing;

namespace Sightline.Tests.Diagnostics.Fuzzing
{
    public class LengthFieldFinderTests
    {
        [Test]
        public void FindsABigEndianChunkLengthAndMakesItHuge()
        {
            // A PNG-style chunk: length 4 (big-endian), type, 4 data bytes, CRC.
            var data = new byte[] { 0, 0, 0, 4, (byte)'t', (byte)'E', (byte)'X', (byte)'t', 1, 2, 3, 4, 0, 0, 0, 0 };
            var fields = LengthFieldFinder.Find(data);
            var field = fields.Single(f => f.Offset == 0 && f.Encoding == LengthEncoding.UInt32BigEndian);
            var huge = Mutator.OversizeLength(data, field, true);
            Assert.That(huge.Take(4), Is.EqualTo(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }));
            Assert.That(huge.Skip(4), Is.EqualTo(data.Skip(4)));
        }

        [Test]
        public void FindsMessagePackBinLengthsAndWidensFixArrays()
        {
            // [bin8 of 3 bytes] inside a fixarray of 1.
            var data = new byte[] { 0x91, 0xc4, 3, 10, 11, 12 };
            var fields = LengthFieldFinder.Find(data);
            Assert.That(fields.Any(f => f.Offset == 2 && f.Encoding == LengthEncoding.Byte), Is.True);
            var fix = fields.Single(f => f.Encoding == LengthEncoding.MessagePackFixHeader);
            var widened = Mutator.OversizeLength(data, fix, false);
            Assert.That(widened.Take(5), Is.EqualTo(new byte[] { 0xdd, 0x7F, 0xFF, 0xFF, 0xFF }));
            Assert.That(widened.Length, Is.EqualTo(data.Length + 4));
        }

        [Test]
        public void FindsAProtobufLengthVarintAndReplacesIt()
        {
            // Field 1, wire type 2, length 3, then 3 bytes.
            var data = new byte[] { 0x0a, 3, (byte)'a', (byte)'b', (byte)'c' };
            var field = LengthFieldFinder.Find(data).Single(f => f.Encoding == LengthEncoding.Varint);
            Assert.That(field.Offset, Is.EqualTo(1));
            var huge = Mutator.OversizeLength(data, field, false);
            Assert.That(huge, Is.EqualTo(new byte[] { 0x0a, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, (byte)'a', (byte)'b', (byte)'c' }));
        }

        [Test]
        public void IgnoresWordsLongerThanTheRestOfTheFile()
        {
            var data = new byte[] { 0, 0, 0x10, 0, 1, 2, 3, 4 };
            Assert.That(LengthFieldFinder.Find(data).Any(f => f.Offset == 0 && f.Encoding == LengthEncoding.UInt32BigEndian), Is.False);
        }
    }
}
