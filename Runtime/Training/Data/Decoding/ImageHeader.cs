namespace Sightline.Data
{
    /// <summary>What an image file's header says, read without decoding pixels.</summary>
    public readonly struct ImageHeader
    {
        public ImageHeader(int width, int height, string format, int bitsPerPixel)
        {
            Width = width;
            Height = height;
            Format = format;
            BitsPerPixel = bitsPerPixel;
        }

        public int Width { get; }
        public int Height { get; }
        /// <summary>"PNG", "JPEG" or "BMP".</summary>
        public string Format { get; }
        public int BitsPerPixel { get; }

        public override string ToString() => $"{Format} {Width}x{Height}";
    }
}
