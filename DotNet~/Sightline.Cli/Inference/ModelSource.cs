using System;
using System.IO;
using Sightline.Model;
using Sightline.Model.Files;
using Sightline.Onnx;
using Sightline.Training.Checkpoints;

namespace Sightline.Cli.Inference
{
    /// <summary>--model: an ONNX file (ours or a torchvision-layout AlexNet), a model file (.slmodel) or a training checkpoint (its model part).</summary>
    internal static class ModelSource
    {
        public static bool IsOnnx(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

        public static TrainedModel Load(string path, string option = "--model")
        {
            if (string.IsNullOrWhiteSpace(path)) throw new UserInputException($"{option} is required: a checkpoint (.slckpt), a model file (.slmodel) or an ONNX file (.onnx)");
            if (!File.Exists(path)) throw new UserInputException($"{option} '{path}': no such file");
            try
            {
                if (IsOnnx(path)) return OnnxImporter.Load(path);
                if (path.EndsWith(TrainedModelFile.Extension, StringComparison.OrdinalIgnoreCase)) return TrainedModelFile.Load(path);
                return CheckpointFile.Load(path).Model;
            }
            catch (OnnxImportException e)
            {
                throw new UserInputException($"{option}: {e.Message}");
            }
            catch (ModelFileException e)
            {
                throw new UserInputException($"{option}: {e.Message}");
            }
            catch (CheckpointException e)
            {
                throw new UserInputException($"{option}: {e.Message}");
            }
            catch (ArgumentException e)
            {
                throw new UserInputException($"{option} '{path}': {e.Message}");
            }
        }
    }
}
