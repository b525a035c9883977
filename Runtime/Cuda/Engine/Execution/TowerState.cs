using System;
using Sightline.Cuda.Blas;
using Sightline.Cuda.Dnn;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Engine.Execution
{
    /// <summary>
    /// One tower's execution resources: its stream, cuBLAS and cuDNN handles bound to that stream, a cuDNN workspace,
    /// scratch for bias gradients, and its blocks' buffers (null where the tower computes no share, e.g. fc8 on B).
    /// Tower A also holds the labels and per-image losses.
    /// </summary>
    internal sealed unsafe class TowerState : IDisposable
    {
        readonly OwnedResources _owned = new OwnedResources();
        IntPtr _dnn;

        public TowerState(int tower, DeviceState device, int blocks, long workspaceBytes, long biasScratch, int maxBatch, CudaMathMode math)
        {
            Tower = tower;
            Device = device;
            var context = device.Context;
            Stream = _owned.Add(new CudaStream(context));
            Blas = _owned.Add(new CublasHandle(context, Stream));
            Blas.SetMathMode(math == CudaMathMode.Tf32 ? BlasMathMode.Tf32TensorOp : BlasMathMode.Default);
            // Our own cuBLAS workspace (32 MiB, what cuBLAS asks for on Hopper): nothing is allocated inside a graph capture.
            BlasWorkspace = _owned.Add(new DeviceBuffer<byte>(context, 32L << 20));
            Blas.SetWorkspace(BlasWorkspace.Address, BlasWorkspace.SizeInBytes);
            DnnApi = Loading.CudaLibraries.Cudnn;
            context.MakeCurrent();
            IntPtr handle;
            DnnApi.Check(DnnApi.cudnnCreate(&handle), "cudnnCreate");
            _dnn = handle;
            DnnApi.Check(DnnApi.cudnnSetStream(_dnn, Stream.Handle), "cudnnSetStream");
            WorkspaceBytes = Math.Max(256, workspaceBytes);
            Workspace = _owned.Add(new DeviceBuffer<byte>(context, WorkspaceBytes));
            BiasPartial = _owned.Add(new DeviceBuffer<float>(context, Math.Max(1, biasScratch)));
            Shares = new ShareBuffers?[blocks];
            Ready = _owned.Add(new CudaEvent(context, timing: false));
            if (tower == 0)
            {
                Labels = _owned.Add(new DeviceBuffer<int>(context, maxBatch));
                Losses = _owned.Add(new DeviceBuffer<float>(context, maxBatch));
            }
        }

        public int Tower { get; }
        public DeviceState Device { get; }
        public CudaStream Stream { get; }
        public CublasHandle Blas { get; }
        public CudnnApi DnnApi { get; }
        public IntPtr Dnn => _dnn;
        public DeviceBuffer<byte> Workspace { get; }
        public DeviceBuffer<byte> BlasWorkspace { get; }
        public long WorkspaceBytes { get; }
        public DeviceBuffer<float> BiasPartial { get; }
        public ShareBuffers?[] Shares { get; }
        /// <summary>Recorded where other towers must wait for this one (the crossings at conv3, fc6, fc7, fc8).</summary>
        public CudaEvent Ready { get; }
        public DeviceBuffer<int>? Labels { get; }
        public DeviceBuffer<float>? Losses { get; }

        public void Dispose()
        {
            foreach (var share in Shares) share?.Dispose();
            if (_dnn != IntPtr.Zero)
            {
                Device.Context.MakeCurrent();
                DnnApi.cudnnDestroy(_dnn);
                _dnn = IntPtr.Zero;
            }
            _owned.Dispose();
        }
    }
}
