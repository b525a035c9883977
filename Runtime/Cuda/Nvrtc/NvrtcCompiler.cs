using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Nvrtc
{
    /// <summary>
    /// Compiles CUDA C with NVRTC. A real architecture (sm_90) gives a CUBIN; a virtual one (compute_90) gives PTX
    /// the driver compiles at load. Failures throw <see cref="NvrtcCompileException"/> with the compiler log.
    /// </summary>
    public sealed unsafe class NvrtcCompiler
    {
        readonly NvrtcApi _api;
        readonly KernelCache? _cache;
        readonly string _version;

        /// <param name="cache">null: no disk cache.</param>
        public NvrtcCompiler(NvrtcApi api, KernelCache? cache)
        {
            _api = api;
            _cache = cache;
            var (major, minor) = api.Version;
            _version = major + "." + minor;
        }

        /// <summary>The NVRTC found by the loader, with the default disk cache.</summary>
        public static NvrtcCompiler Default() => new NvrtcCompiler(CudaLibraries.Nvrtc, KernelCache.Default());

        public NvrtcApi Api => _api;
        /// <summary>"13.0".</summary>
        public string Version => _version;

        /// <summary>
        /// The best target for a device of compute capability <paramref name="computeCapability"/> (90 for 9.0):
        /// sm_XY when this NVRTC knows the architecture and can emit CUBIN, else PTX for the newest virtual
        /// architecture it knows that is not newer than the device (the driver JIT-compiles it).
        /// </summary>
        public string TargetFor(int computeCapability)
        {
            int[] supported = _api.SupportedArchitectures();
            if (supported.Length == 0) return "compute_" + computeCapability;
            if (supported.Contains(computeCapability) && _api.nvrtcGetCUBIN != null) return "sm_" + computeCapability;
            int best = supported.Where(a => a <= computeCapability).DefaultIfEmpty(0).Max();
            if (best == 0)
                throw new CudaUnavailableException($"NVRTC {_version} ({_api.Library.Path}) cannot generate code for sm_{computeCapability}: it supports {string.Join(", ", supported)}");
            return "compute_" + best;
        }

        /// <param name="target">"sm_90" (CUBIN) or "compute_80" (PTX).</param>
        /// <param name="options">more NVRTC options, e.g. "-DTILE=32".</param>
        public CompiledKernel Compile(string source, string name, string target, IReadOnlyList<string>? options = null)
        {
            if (!(target.StartsWith("sm_", StringComparison.Ordinal) || target.StartsWith("compute_", StringComparison.Ordinal)))
                throw new ArgumentException($"target '{target}' must be sm_XY or compute_XY", nameof(target));
            var all = new List<string> { "--gpu-architecture=" + target };
            if (options != null) all.AddRange(options);
            string joined = string.Join(" ", all);
            bool cubin = target.StartsWith("sm_", StringComparison.Ordinal) && _api.nvrtcGetCUBIN != null;

            string? cachePath = null;
            if (_cache != null)
            {
                cachePath = _cache.PathFor(name, KernelCache.Key(_version, target, joined, source), cubin);
                byte[]? cached = _cache.TryRead(cachePath);
                if (cached != null && cached.Length > 0) return new CompiledKernel(name, cached, cubin, target, "", fromCache: true);
            }

            var (image, log) = CompileNow(source, name, all, joined, cubin);
            if (cachePath != null) _cache!.TryWrite(cachePath, image);
            return new CompiledKernel(name, image, cubin, target, log, fromCache: false);
        }

        (byte[] Image, string Log) CompileNow(string source, string name, List<string> options, string joined, bool cubin)
        {
            byte[] src = Utf8.NullTerminated(source);
            byte[] fileName = Utf8.NullTerminated(name.EndsWith(".cu", StringComparison.Ordinal) ? name : name + ".cu");
            var encoded = options.Select(Utf8.NullTerminated).ToArray();
            var handles = new System.Runtime.InteropServices.GCHandle[encoded.Length];
            IntPtr program = IntPtr.Zero;
            try
            {
                byte** optionPointers = stackalloc byte*[Math.Max(1, encoded.Length)];
                for (int i = 0; i < encoded.Length; i++)
                {
                    handles[i] = System.Runtime.InteropServices.GCHandle.Alloc(encoded[i], System.Runtime.InteropServices.GCHandleType.Pinned);
                    optionPointers[i] = (byte*)handles[i].AddrOfPinnedObject();
                }
                fixed (byte* s = src)
                fixed (byte* f = fileName)
                    _api.Check(_api.nvrtcCreateProgram(&program, s, f, 0, null, null), "nvrtcCreateProgram");

                int status = _api.nvrtcCompileProgram(program, encoded.Length, optionPointers);
                string log = ReadLog(program);
                if (status != NvrtcApi.Success)
                    throw new NvrtcCompileException(name, joined, status, _api.StatusText(status), log.Length > 0 ? log : "(empty log)");

                nuint size;
                byte[] image;
                if (cubin)
                {
                    _api.Check(_api.nvrtcGetCUBINSize(program, &size), "nvrtcGetCUBINSize");
                    image = new byte[(int)size];
                    fixed (byte* p = image) _api.Check(_api.nvrtcGetCUBIN(program, p), "nvrtcGetCUBIN");
                }
                else
                {
                    _api.Check(_api.nvrtcGetPTXSize(program, &size), "nvrtcGetPTXSize");
                    image = new byte[(int)size]; // includes the terminating NUL cuModuleLoadData needs
                    fixed (byte* p = image) _api.Check(_api.nvrtcGetPTX(program, p), "nvrtcGetPTX");
                }
                return (image, log);
            }
            finally
            {
                foreach (var h in handles) if (h.IsAllocated) h.Free();
                if (program != IntPtr.Zero) _api.nvrtcDestroyProgram(&program);
            }
        }

        string ReadLog(IntPtr program)
        {
            nuint size;
            if (_api.nvrtcGetProgramLogSize(program, &size) != NvrtcApi.Success || size <= 1) return "";
            var log = new byte[(int)size];
            fixed (byte* p = log)
            {
                if (_api.nvrtcGetProgramLog(program, p) != NvrtcApi.Success) return "";
                return Encoding.UTF8.GetString(p, (int)size - 1).Trim();
            }
        }
    }
}
