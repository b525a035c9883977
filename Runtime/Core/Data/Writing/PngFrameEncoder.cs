using System.IO;
using Sightline.Imaging.Png;
using Sightline.Imaging;

namespace Sightline.Data
{
    /// <summary>Encodes a frame as an 8-bit RGB PNG (alpha dropped, bottom-up rows flipped, linear values sRGB-encoded), fast compression.</summary>
    public static class PngFrameEncoder
    {
        public static void Encode(Frame frame, Stream output) => PngWriter.WriteRgb8(frame.ToRgb24(), frame.Width, frame.Height, output);
    }
}
