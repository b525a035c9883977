#nullable enable
namespace Sightline.Unity.Models
{
    /// <summary>What the bytes of a <see cref="SightlineModel"/> are.</summary>
    public enum ModelFormat
    {
        /// <summary>An ONNX file: Sightline's export or a torchvision-layout AlexNet.</summary>
        Onnx = 0,
        /// <summary>A whole training checkpoint (.slckpt), as Sightline 0.1.0's importer kept it; reimport to get <see cref="Model"/>.</summary>
        Checkpoint = 1,
        /// <summary>A Sightline model file (.slmodel): spec, weights, labels and normalisation, nothing of training.</summary>
        Model = 2,
    }
}
