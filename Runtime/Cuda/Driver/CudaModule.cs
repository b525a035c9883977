using System;
using System.Collections.Generic;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Driver
{
    /// <summary>A loaded CUBIN or PTX image (cuModuleLoadData) and the kernels found in it.</summary>
    public sealed unsafe class CudaModule : ContextObject
    {
        readonly Dictionary<string, CudaKernel> _kernels = new Dictionary<string, CudaKernel>(StringComparer.Ordinal);

        /// <param name="image">A CUBIN, or PTX text (NUL-terminated here if it is not already).</param>
        /// <param name="name">Where the image came from, for error messages.</param>
        public CudaModule(CudaContext context, byte[] image, string name)
            : base(context, context.Api.cuModuleUnload, "cuModuleUnload")
        {
            if (image == null || image.Length == 0) throw new ArgumentException($"module {name}: the image is empty", nameof(image));
            Name = name;
            // PTX must be a C string; a CUBIN starts with the ELF magic and carries its own size.
            bool elf = image.Length > 4 && image[0] == 0x7f && image[1] == (byte)'E' && image[2] == (byte)'L' && image[3] == (byte)'F';
            if (!elf && image[image.Length - 1] != 0)
            {
                var terminated = new byte[image.Length + 1];
                Buffer.BlockCopy(image, 0, terminated, 0, image.Length);
                image = terminated;
            }
            context.MakeCurrent();
            IntPtr handle;
            fixed (byte* p = image)
            {
                int status = context.Api.cuModuleLoadData(&handle, p);
                if (status != DriverApi.Success)
                    throw new CudaException("cuModuleLoadData", status, context.Api.StatusText(status),
                        $"loading module {name} ({(elf ? "CUBIN" : "PTX")}, {image.Length} bytes) on device {context.Device.Ordinal} ({context.Device.Name}, sm_{context.Device.ComputeCapability})");
            }
            Own(handle);
        }

        public string Name { get; }

        protected override ObjectDisposedException Disposed() => new ObjectDisposedException(nameof(CudaModule), Name);

        /// <summary>The kernel named <paramref name="name"/> (declare kernels extern "C" so names are not mangled).</summary>
        public CudaKernel Kernel(string name)
        {
            lock (_kernels)
            {
                if (_kernels.TryGetValue(name, out var kernel)) return kernel;
                Context.MakeCurrent();
                IntPtr function;
                byte[] n = Utf8.NullTerminated(name);
                fixed (byte* p = n)
                {
                    int status = Context.Api.cuModuleGetFunction(&function, Handle, p);
                    if (status != DriverApi.Success)
                        throw new CudaException("cuModuleGetFunction", status, Context.Api.StatusText(status), $"kernel '{name}' in module {Name}");
                }
                kernel = new CudaKernel(this, name, function);
                _kernels[name] = kernel;
                return kernel;
            }
        }
    }
}
