#nullable enable
using Sightline.Engines;
using Sightline.Model;
using Sightline.Training;
using Sightline.Unity.Engines;

namespace Sightline.Editor.Training
{
    /// <summary>What the training window asks for: data, network, where it runs, hyper-parameters, run folder.</summary>
    public sealed class TrainingRequest
    {
        public string DatasetFolder { get; set; } = "";
        public string RunFolder { get; set; } = "";
        public string Preset { get; set; } = NetworkSpec.MiniPreset;
        public EngineChoice Engine { get; set; } = EngineChoice.Auto;
        public Placement Placement { get; set; } = Placement.OneDevice(0);
        /// <summary>CUDA: TF32 tensor cores for the convolutions and fully connected layers.</summary>
        public bool TensorCores { get; set; }
        public TrainingSettings Settings { get; set; } = new TrainingSettings { Epochs = 30, BatchSize = 64 };
        /// <summary>Fine-tuning: a .slckpt or .onnx model whose layers (all but the last) the run starts from; empty: none.</summary>
        public string FromModel { get; set; } = "";
        /// <summary>Continue the checkpoint in <see cref="RunFolder"/> instead of starting a new run.</summary>
        public bool Resume { get; set; }
    }
}
