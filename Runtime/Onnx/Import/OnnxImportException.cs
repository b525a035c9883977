using System;

namespace Sightline.Onnx
{
    /// <summary>An ONNX file that cannot be loaded as an AlexNet: the message names the file and, where one is at fault, the node.</summary>
    public sealed class OnnxImportException : Exception
    {
        public OnnxImportException(string message) : base(message) { }
        public OnnxImportException(string message, Exception inner) : base(message, inner) { }
    }
}
