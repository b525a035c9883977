using System;
using System.Collections.Generic;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Kernels;
using Sightline.Cuda.Nvrtc;

namespace Sightline.Cuda.Diagnostics
{
    /// <summary>What the GPU checks share: one device's context, a stream, NVRTC and the compiled embedded kernels.</summary>
    public sealed class GpuCheckEnvironment : IDisposable
    {
        readonly Dictionary<string, CudaModule> _modules = new Dictionary<string, CudaModule>();
        NvrtcCompiler? _compiler;

        public GpuCheckEnvironment(int device)
        {
            Context = CudaContext.Primary(device);
            Stream = new CudaStream(Context);
        }

        public CudaContext Context { get; }
        public CudaStream Stream { get; }
        public NvrtcCompiler Compiler => _compiler ??= NvrtcCompiler.Default();

        /// <summary>An embedded kernel file compiled for this device (once per environment).</summary>
        public CudaModule Module(string fileName)
        {
            if (!_modules.TryGetValue(fileName, out var module))
            {
                module = KernelModules.LoadEmbedded(Context, fileName, Compiler);
                _modules[fileName] = module;
            }
            return module;
        }

        public DeviceBuffer<float> Upload(float[] values)
        {
            var buffer = new DeviceBuffer<float>(Context, values.Length);
            buffer.CopyFrom(values);
            return buffer;
        }

        public void Dispose()
        {
            foreach (var module in _modules.Values) module.Dispose();
            _modules.Clear();
            Stream.Dispose();
            Context.Dispose();
        }
    }
}
