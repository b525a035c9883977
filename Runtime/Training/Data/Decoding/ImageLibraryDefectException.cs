using System;

namespace Sightline.Data
{
    /// <summary>
    /// The image library failed on a damaged file with an exception it does not document (a known defect of
    /// SixLabors.ImageSharp 2.1, see <see cref="ImageLibraryDefects"/>): the file is skipped like any unreadable
    /// one, but the message and the type say that the library broke, and fuzzing counts these apart from clean
    /// rejections. An undocumented exception that is not a known defect is not caught at all.
    /// </summary>
    public sealed class ImageLibraryDefectException : ImageDecodeException
    {
        public ImageLibraryDefectException(string path, string problem, Exception inner) : base(path, problem, inner) { }
    }
}
