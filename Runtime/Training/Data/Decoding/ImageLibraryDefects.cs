using System;

namespace Sightline.Data
{
    /// <summary>
    /// Tells a defect of the image library from anything else. SixLabors.ImageSharp 2.1.13 throws undocumented
    /// exceptions while its format decoders parse damaged files (found by `sightline fuzz image`, about 5% of mutated
    /// inputs: NullReferenceException in the JPEG post-processor and BMP palette reader, IndexOutOfRangeException in
    /// PNG chunk parsers, ArgumentOutOfRangeException from row access during JPEG scans, DivideByZeroException,
    /// InvalidOperationException from the BMP size check, InvalidDataException from the PNG inflater). ImageSharp 3 needs
    /// .NET 6, which Unity's netstandard2.1 cannot load. Such an exception is a defect of the library on a bad file:
    /// reported as an <see cref="ImageLibraryDefectException"/> naming the method, and counted apart from clean
    /// rejections by fuzzing. An exception raised with no format decoder on the stack is not matched: it surfaces.
    /// </summary>
    public static class ImageLibraryDefects
    {
        const string DecoderNamespace = "SixLabors.ImageSharp.Formats";

        /// <summary>"NullReferenceException in JpegComponentPostProcessor.CopyBlocksToColorBuffer" when an ImageSharp format decoder was parsing when <paramref name="e"/> was thrown; else null.</summary>
        public static string? Match(Exception e)
        {
            var frames = new System.Diagnostics.StackTrace(e, false).GetFrames();
            if (frames == null) return null;
            System.Reflection.MethodBase? innermost = null;
            bool decoding = false;
            foreach (var frame in frames)
            {
                var method = frame?.GetMethod();
                string ns = method?.DeclaringType?.Namespace ?? "";
                bool library = ns.StartsWith("SixLabors.", StringComparison.Ordinal) || ns == "System.IO.Compression";
                if (library && innermost == null) innermost = method;
                if (ns.StartsWith(DecoderNamespace, StringComparison.Ordinal)) decoding = true;
            }
            if (!decoding || innermost == null) return null;
            string type = innermost.DeclaringType?.Name ?? "?";
            int generic = type.IndexOf('`');
            if (generic >= 0) type = type.Substring(0, generic);
            return $"{e.GetType().Name} in {type}.{innermost.Name}";
        }
    }
}
