using System;
using System.Collections.Generic;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Driver
{
    /// <summary>One GPU as the driver numbers it: name, compute capability, memory, multiprocessors.</summary>
    public sealed class CudaDevice
    {
        // CUdevice_attribute values (cuda.h).
        const int AttrMaxThreadsPerBlock = 1;
        const int AttrWarpSize = 10;
        const int AttrMultiprocessorCount = 16;
        const int AttrPciBusId = 33;
        const int AttrPciDeviceId = 34;
        const int AttrL2CacheSize = 38;
        const int AttrPciDomainId = 50;
        const int AttrComputeCapabilityMajor = 75;
        const int AttrComputeCapabilityMinor = 76;
        const int AttrMaxSharedMemoryPerBlockOptin = 97;

        CudaDevice(int ordinal) { Ordinal = ordinal; }

        public int Ordinal { get; }
        /// <summary>The CUdevice handle (equal to the ordinal on every driver so far, but kept separate as the API does).</summary>
        public int Handle { get; private set; }
        public string Name { get; private set; } = "";
        public int ComputeMajor { get; private set; }
        public int ComputeMinor { get; private set; }
        public long TotalMemory { get; private set; }
        public int MultiprocessorCount { get; private set; }
        public int MaxThreadsPerBlock { get; private set; }
        public int WarpSize { get; private set; }
        public int MaxSharedMemoryPerBlockOptin { get; private set; }
        public int L2CacheBytes { get; private set; }
        /// <summary>"0000:3b:00.0"-style PCI location, useful to tell identical GPUs apart.</summary>
        public string PciLocation { get; private set; } = "";

        /// <summary>Compute capability as NVRTC names it: 90 for sm_90.</summary>
        public int ComputeCapability => ComputeMajor * 10 + ComputeMinor;

        public static unsafe int Count
        {
            get
            {
                var api = CudaLibraries.Driver;
                int count;
                api.Check(api.cuDeviceGetCount(&count), "cuDeviceGetCount");
                return count;
            }
        }

        public static unsafe CudaDevice Get(int ordinal)
        {
            var api = CudaLibraries.Driver;
            int count = Count;
            if (ordinal < 0 || ordinal >= count)
                throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"device {ordinal} does not exist: the driver sees {count} device(s)");
            int handle;
            api.Check(api.cuDeviceGet(&handle, ordinal), "cuDeviceGet");
            var device = new CudaDevice(ordinal) { Handle = handle };
            byte* name = stackalloc byte[256];
            api.Check(api.cuDeviceGetName(name, 256, handle), "cuDeviceGetName");
            device.Name = Utf8.FromBuffer(name, 256);
            nuint total;
            api.Check(api.cuDeviceTotalMem_v2(&total, handle), "cuDeviceTotalMem_v2");
            device.TotalMemory = (long)total;
            device.ComputeMajor = Attribute(api, handle, AttrComputeCapabilityMajor);
            device.ComputeMinor = Attribute(api, handle, AttrComputeCapabilityMinor);
            device.MultiprocessorCount = Attribute(api, handle, AttrMultiprocessorCount);
            device.MaxThreadsPerBlock = Attribute(api, handle, AttrMaxThreadsPerBlock);
            device.WarpSize = Attribute(api, handle, AttrWarpSize);
            device.MaxSharedMemoryPerBlockOptin = Attribute(api, handle, AttrMaxSharedMemoryPerBlockOptin);
            device.L2CacheBytes = Attribute(api, handle, AttrL2CacheSize);
            device.PciLocation = string.Format("{0:x4}:{1:x2}:{2:x2}.0", Attribute(api, handle, AttrPciDomainId),
                Attribute(api, handle, AttrPciBusId), Attribute(api, handle, AttrPciDeviceId));
            return device;
        }

        public static IReadOnlyList<CudaDevice> All()
        {
            int count = Count;
            var devices = new CudaDevice[count];
            for (int i = 0; i < count; i++) devices[i] = Get(i);
            return devices;
        }

        /// <summary>Whether this device can read and write <paramref name="peer"/>'s memory directly (NVLink/PCIe P2P).</summary>
        public unsafe bool CanAccessPeer(CudaDevice peer)
        {
            var api = CudaLibraries.Driver;
            api.Ensure(api.cuDeviceCanAccessPeer, "cuDeviceCanAccessPeer");
            int can;
            api.Check(api.cuDeviceCanAccessPeer(&can, Handle, peer.Handle), "cuDeviceCanAccessPeer");
            return can != 0;
        }

        static unsafe int Attribute(DriverApi api, int device, int attribute)
        {
            int value;
            api.Check(api.cuDeviceGetAttribute(&value, attribute, device), "cuDeviceGetAttribute(" + attribute + ")");
            return value;
        }

        public override string ToString() =>
            $"{Ordinal}: {Name} (sm_{ComputeCapability}, {MultiprocessorCount} SMs, {TotalMemory / (1024 * 1024)} MiB)";
    }
}
