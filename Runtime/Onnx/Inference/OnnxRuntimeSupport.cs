#nullable enable
using System;
using Sightline.Classification;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Onnx
{
    /// <summary>
    /// Creates the ONNX Runtime engine where ONNX Runtime is compiled in, and says why not elsewhere. In Unity that is
    /// when the com.github.asus4.onnxruntime package is installed (Sightline.Onnx's versionDefines set
    /// SIGHTLINE_ONNXRUNTIME); the .NET build always has it. Callers that must work either way go through here
    /// instead of naming <c>OnnxRuntimeEngine</c>, which exists only with the symbol.
    /// </summary>
    public static class OnnxRuntimeSupport
    {
#if SIGHTLINE_ONNXRUNTIME
        public const bool IsInstalled = true;
#else
        public const bool IsInstalled = false;
#endif

        /// <summary>Null when ONNX Runtime is compiled in; otherwise why it is not and how to install it.</summary>
        public static string? AbsentReason => IsInstalled ? null : OnnxRuntimePackage.AbsentReason;

        /// <summary>
        /// An ONNX Runtime engine running <paramref name="model"/>, or null with <paramref name="reason"/> when ONNX
        /// Runtime is not in this build. Errors from ONNX Runtime itself (a model it cannot load) still throw.
        /// </summary>
        public static IInferenceEngine? TryCreate(TrainedModel model, int maxBatch, out string reason, OnnxRuntimeOptions? options = null)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
#if SIGHTLINE_ONNXRUNTIME
            reason = "";
            return new OnnxRuntimeEngine(model, maxBatch, options);
#else
            reason = OnnxRuntimePackage.AbsentReason;
            return null;
#endif
        }
    }
}
