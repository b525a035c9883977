namespace Sightline.Data
{
    /// <summary>Layout of a raw pixel buffer handed to <see cref="DatasetWriter"/>: 8 bits per channel, interleaved, rows packed.</summary>
    public enum RawPixelFormat
    {
        /// <summary>R, G, B bytes per pixel.</summary>
        Rgb8 = 0,
        /// <summary>R, G, B, A bytes per pixel (Unity's RGBA32 readback). Alpha is dropped when the frame is stored.</summary>
        Rgba8 = 1,
    }
}
