using System;
using Sightline.Training.Checkpoints;

namespace Sightline.Cli.Training
{
    /// <summary>
    /// Where exports plug into `train` and `demo`. The ONNX exporter (Sightline.Onnx) sets <see cref="Onnx"/> when it
    /// lands: (checkpoint, output path) -> writes the model. Until then the demo says that ONNX export is not built in.
    /// </summary>
    public static class ModelExports
    {
        public static Action<Checkpoint, string>? Onnx { get; set; }

        public const string OnnxMissing = "ONNX export is not part of this build yet (Sightline.Onnx has no exporter)";
    }
}
