using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NUnit.Framework;
using Sightline.Cuda;
using Sightline.Cuda.Dnn;
using Sightline.Cuda.Driver;

namespace Sightline.Tests.Cuda
{
    /// <summary>
    /// The lifetime rules the shared bases give every CUDA wrapper (DnnDescriptor for cuDNN descriptors, ContextObject
    /// for streams, events, modules and graphs, OwnedResources for an engine part's buffers), run against a recording
    /// stand-in for the native entry points so they hold on machines without a GPU: a descriptor whose set call fails
    /// is destroyed once before the error is thrown; a context object is destroyed once, with its context made current
    /// just before; Dispose twice releases once; OwnedResources frees last first.
    /// </summary>
    [NonParallelizable]
    public unsafe class HandleLifetimeTests
    {
        static readonly List<string> Calls = new List<string>();
        static readonly IntPtr StatusName = Marshal.StringToHGlobalAnsi("FAKE_STATUS");
        static int _nextHandle = 0x100;
        static int _createStatus;
        static int _destroyStatus;

        [SetUp]
        public void Reset()
        {
            Calls.Clear();
            _createStatus = 0;
            _destroyStatus = 0;
        }

        [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
        static int Create(IntPtr* handle)
        {
            if (_createStatus != 0) return _createStatus;
            *handle = (IntPtr)(++_nextHandle);
            Calls.Add($"create {*handle}");
            return 0;
        }

        [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
        static int CreateWithFlags(IntPtr* handle, uint flags)
        {
            *handle = (IntPtr)(++_nextHandle);
            Calls.Add($"create {*handle} flags {flags}");
            return 0;
        }

        [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
        static int Destroy(IntPtr handle)
        {
            Calls.Add($"destroy {handle}");
            return _destroyStatus;
        }

        [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
        static int SetCurrent(IntPtr context)
        {
            Calls.Add($"current {context}");
            return 0;
        }

        [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
        static IntPtr DnnErrorString(int status) => StatusName;

        [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
        static int DriverErrorText(int status, IntPtr* text)
        {
            *text = StatusName;
            return 0;
        }

        sealed class RecordedDescriptor : DnnDescriptor
        {
            public RecordedDescriptor(CudnnApi api, int setStatus)
            {
                Api = api;
                Create(&HandleLifetimeTests.Create, &Destroy, "cudnnCreateFake");
                Configured(setStatus, "cudnnSetFake");
            }
        }

        [Test]
        public void ADescriptorWhoseSetCallFailsIsDestroyedOnceBeforeTheErrorIsThrown()
        {
            var e = Assert.Throws<CudaException>(() => new RecordedDescriptor(FakeCudnn(), 3));
            Assert.That(e!.Message, Does.Contain("cudnnSetFake").And.Contain("FAKE_STATUS"));
            Assert.That(Calls, Has.Count.EqualTo(2));
            Assert.That(Calls[1], Is.EqualTo(Calls[0].Replace("create", "destroy")), string.Join("; ", Calls));
        }

        [Test]
        public void ADescriptorIsDestroyedOnceHoweverOftenItIsDisposed()
        {
            var d = new RecordedDescriptor(FakeCudnn(), 0);
            IntPtr handle = d.Handle;
            d.Dispose();
            d.Dispose();
            Assert.That(Calls, Is.EqualTo(new[] { $"create {handle}", $"destroy {handle}" }));
            var e = Assert.Throws<ObjectDisposedException>(() => _ = d.Handle);
            Assert.That(e!.ObjectName, Is.EqualTo(nameof(RecordedDescriptor)));
        }

        [Test]
        public void ADescriptorWhoseCreateCallFailsDestroysNothing()
        {
            _createStatus = 4;
            Assert.Throws<CudaException>(() => new RecordedDescriptor(FakeCudnn(), 0));
            Assert.That(Calls, Is.Empty);
        }

        [Test]
        public void ContextObjectsAreDestroyedOnceWithTheirContextCurrent()
        {
            var context = FakeContext((IntPtr)0x77);
            var objects = new (string Name, Func<ContextObject> Make)[]
            {
                ("stream", () => new CudaStream(context)),
                ("event", () => new CudaEvent(context, timing: false)),
                ("graph", () => new CudaGraph(context, (IntPtr)(++_nextHandle))),
                ("graph exec", () => new CudaGraphExec(context, (IntPtr)(++_nextHandle))),
            };
            foreach (var (name, make) in objects)
            {
                var o = make();
                IntPtr handle = o.Handle;
                Calls.Clear();
                o.Dispose();
                o.Dispose();
                Assert.That(Calls, Is.EqualTo(new[] { "current 119", $"destroy {handle}" }), name);
                Assert.Throws<ObjectDisposedException>(() => _ = o.Handle, name);
            }
        }

        [Test]
        public void AFailedDestroyIsReportedOnceAndNotRetried()
        {
            var stream = new CudaStream(FakeContext((IntPtr)0x77));
            Calls.Clear();
            _destroyStatus = 700;
            var e = Assert.Throws<CudaException>(() => stream.Dispose());
            Assert.That(e!.Message, Does.Contain("cuStreamDestroy_v2"));
            stream.Dispose();
            Assert.That(Calls, Has.Count.EqualTo(2), string.Join("; ", Calls));
        }

        [Test]
        public void OwnedResourcesAreFreedLastFirstAndOnce()
        {
            var order = new List<string>();
            var owned = new OwnedResources();
            var first = owned.Add(new Recorded("buffer", order));
            owned.Add(new Recorded("stream", order));
            owned.Add(new Recorded("event", order));
            Assert.That(first.Name, Is.EqualTo("buffer"));
            owned.Dispose();
            owned.Dispose();
            Assert.That(order, Is.EqualTo(new[] { "event", "stream", "buffer" }));
        }

        sealed class Recorded : IDisposable
        {
            readonly List<string> _order;
            public Recorded(string name, List<string> order) { Name = name; _order = order; }
            public string Name { get; }
            public void Dispose() => _order.Add(Name);
        }

        // A CudnnApi with only the error text bound (its constructor would load libcudnn).
        static CudnnApi FakeCudnn()
        {
            var api = (CudnnApi)RuntimeHelpers.GetUninitializedObject(typeof(CudnnApi));
            Bind(api, nameof(CudnnApi.cudnnGetErrorString), (IntPtr)(delegate* unmanaged[Cdecl]<int, IntPtr>)&DnnErrorString);
            return api;
        }

        // A CudaContext over a DriverApi whose context, stream, event and graph calls are the recorders above.
        static CudaContext FakeContext(IntPtr handle)
        {
            var api = (DriverApi)RuntimeHelpers.GetUninitializedObject(typeof(DriverApi));
            var errorText = (IntPtr)(delegate* unmanaged[Cdecl]<int, IntPtr*, int>)&DriverErrorText;
            Bind(api, nameof(DriverApi.cuGetErrorName), errorText);
            Bind(api, nameof(DriverApi.cuGetErrorString), errorText);
            Bind(api, nameof(DriverApi.cuCtxSetCurrent), (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, int>)&SetCurrent);
            var create = (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr*, uint, int>)&CreateWithFlags;
            Bind(api, nameof(DriverApi.cuStreamCreate), create);
            Bind(api, nameof(DriverApi.cuEventCreate), create);
            var destroy = (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, int>)&Destroy;
            foreach (var name in new[] { nameof(DriverApi.cuStreamDestroy_v2), nameof(DriverApi.cuEventDestroy_v2), nameof(DriverApi.cuModuleUnload),
                         nameof(DriverApi.cuGraphDestroy), nameof(DriverApi.cuGraphExecDestroy) })
                Bind(api, name, destroy);
            var context = (CudaContext)RuntimeHelpers.GetUninitializedObject(typeof(CudaContext));
            Bind(context, "_handle", handle);
            Bind(context, "<Api>k__BackingField", api);
            return context;
        }

        static void Bind(object target, string field, object value)
        {
            var f = target.GetType().GetField(field, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            Assert.That(f, Is.Not.Null, $"{target.GetType().Name}.{field}");
            f!.SetValue(target, value);
        }
    }
}
