#nullable enable
namespace Sightline.Unity.Engines
{
    /// <summary>Which engine runs a network. Auto takes the fastest one that works on this machine.</summary>
    public enum EngineChoice
    {
        /// <summary>CUDA when an NVIDIA GPU and its libraries are present, else ONNX Runtime (inference) or the CPU engine.</summary>
        Auto = 0,
        /// <summary>Sightline's own CUDA engine (Windows and Linux x64, and the Editor on them).</summary>
        Cuda = 1,
        /// <summary>ONNX Runtime on the CPU (inference only).</summary>
        OnnxRuntime = 2,
        /// <summary>Sightline's managed CPU engine: works everywhere, trains, slowest.</summary>
        Cpu = 3,
    }
}
