namespace Sightline.Cuda.Nvrtc
{
    /// <summary>What NVRTC produced for one source: a CUBIN for a real architecture or PTX for a virtual one.</summary>
    public sealed class CompiledKernel
    {
        public CompiledKernel(string name, byte[] image, bool isCubin, string target, string log, bool fromCache)
        {
            Name = name;
            Image = image;
            IsCubin = isCubin;
            Target = target;
            Log = log;
            FromCache = fromCache;
        }

        public string Name { get; }
        /// <summary>What cuModuleLoadData takes.</summary>
        public byte[] Image { get; }
        public bool IsCubin { get; }
        /// <summary>"sm_90" or "compute_90".</summary>
        public string Target { get; }
        /// <summary>Compiler warnings (empty when clean).</summary>
        public string Log { get; }
        public bool FromCache { get; }

        public override string ToString() => $"{Name} -> {(IsCubin ? "CUBIN" : "PTX")} {Target}, {Image.Length} bytes{(FromCache ? " (cached)" : "")}";
    }
}
