#nullable enable
namespace Sightline.Unity.Models
{
    /// <summary>What the bytes of a <see cref="SightlineModel"/> are.</summary>
    public enum ModelFormat
    {
        /// <summary>An ONNX file: Sightline's export or a torchvision-layout AlexNet.</summary>
        Onnx = 0,
        /// <summary>A Sightline training checkpoint (.slckpt).</summary>
        Checkpoint = 1,
    }
}
