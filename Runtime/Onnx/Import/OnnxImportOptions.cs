using System.Collections.Generic;
using Sightline.Classification;
using Sightline.Model;

namespace Sightline.Onnx
{
    /// <summary>What an ONNX file may not say about itself (files from other tools carry no labels or normalisation).</summary>
    public sealed class OnnxImportOptions
    {
        /// <summary>Labels to use instead of the file's (default: the file's Sightline metadata, else class0, class1, ...).</summary>
        public IReadOnlyList<string>? Labels { get; set; }

        /// <summary>
        /// Normalisation to use instead of the file's. Default: the file's Sightline metadata, else torchvision's
        /// ImageNet preprocessing (foreign AlexNets are PyTorch exports).
        /// </summary>
        public InputNormalization? Normalization { get; set; }
    }
}
