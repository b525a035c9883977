using System.Collections.Generic;
using Sightline.Cuda.Diagnostics.Reference;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Diagnostics.Checks
{
    static class PeerCheck
    {
        public static IEnumerable<CheckResult> Run(GpuCheckEnvironment env)
        {
            if (CudaDevice.Count < 2)
            {
                yield return CheckResult.Skip("peer", "one device only");
                yield break;
            }
            int otherOrdinal = env.Context.Device.Ordinal == 0 ? 1 : 0;
            using var other = CudaContext.Primary(otherOrdinal);
            bool direct = env.Context.Device.CanAccessPeer(other.Device) && other.Device.CanAccessPeer(env.Context.Device);
            if (direct)
            {
                env.Context.EnablePeerAccess(other);
                other.EnablePeerAccess(env.Context);
            }
            const int n = 1 << 20;
            var data = NaiveLayers.Random(n, 5);
            using var source = env.Upload(data);
            using var destination = new DeviceBuffer<float>(other, n);
            using var otherStream = new CudaStream(other);
            destination.CopyFromPeerAsync(source, otherStream);
            otherStream.Synchronize();
            yield return CheckResult.Compare("peer/copy", destination.ToArray(), data, 0,
                $"device {env.Context.Device.Ordinal} -> {otherOrdinal}, {(direct ? "direct peer access" : "staged by the driver (no P2P)")}");
        }
    }
}
