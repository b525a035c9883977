using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using UnityEngine;
using UnityEngine.Rendering;
using Unity.Collections;

namespace UnityShim.Player
{
    /// <summary>One AsyncGPUReadback request: the pixels copied when it was made, delivered on a later frame.</summary>
    internal sealed class ReadbackJob
    {
        internal ReadbackJob(Texture source, int frame, Action<AsyncGPUReadbackRequest> callback)
        {
            Source = source;
            Frame = frame;
            Callback = callback;
        }

        internal Texture Source { get; }
        internal int Frame { get; }
        internal Action<AsyncGPUReadbackRequest> Callback { get; }
        internal byte[] Data = Array.Empty<byte>();
        internal bool Done;
        internal bool HasError;
        internal int Width;
        internal int Height;

        internal NativeArray<T> GetData<T>() where T : struct
        {
            if (!Done || HasError) throw new InvalidOperationException("Cannot access the data as it is not available");
            return new NativeArray<T>(MemoryMarshal.Cast<byte, T>(Data).ToArray());
        }
    }

    /// <summary>
    /// AsyncGPUReadback in the harness. The copy is taken when the request is made (as the GPU copies the texture at
    /// that point of its command stream) and the request completes, with its callback, at the end of a later frame
    /// (<see cref="LatencyFrames"/> after the request; Unity takes one or more frames). The destination TextureFormat
    /// is taken as sRGB in a Linear project and linear in a Gamma one (Unity 2022.3,
    /// Runtime/Export/Graphics/AsyncGPUReadback.bindings.cs: GetGraphicsFormat(dstFormat, activeColorSpace == Linear)),
    /// and values are converted where source and destination formats differ in that, as a format conversion does.
    /// </summary>
    internal static class Readbacks
    {
        static readonly List<ReadbackJob> Pending = new List<ReadbackJob>();

        internal static int LatencyFrames = 1;
        internal static int Completed;

        internal static void Clear()
        {
            Pending.Clear();
            Completed = 0;
            LatencyFrames = 1;
        }

        // A GraphicsFormat names its sRGB-ness itself (UnityEngine.Experimental.Rendering.GraphicsFormat: *_SRGB or *_UNorm).
        internal static AsyncGPUReadbackRequest Request(Texture source, UnityEngine.Experimental.Rendering.GraphicsFormat format, Action<AsyncGPUReadbackRequest> callback)
        {
            string name = format.ToString();
            TextureFormat? layout = name.StartsWith("R8G8B8A8_", StringComparison.Ordinal) ? TextureFormat.RGBA32
                : name.StartsWith("B8G8R8A8_", StringComparison.Ordinal) ? TextureFormat.BGRA32 : (TextureFormat?)null;
            if (layout == null)
            {
                World.AddLog(LogKind.Error, $"AsyncGPUReadback: the harness reads back R8G8B8A8 and B8G8R8A8 formats, not {name}", source);
                var failed = new ReadbackJob(source, World.FrameCount, callback) { HasError = true };
                Pending.Add(failed);
                var refused = new AsyncGPUReadbackRequest();
                refused.m_Job = failed;
                return refused;
            }
            return Request(source, layout, name.EndsWith("_SRGB", StringComparison.Ordinal), callback);
        }

        internal static AsyncGPUReadbackRequest Request(Texture source, TextureFormat? format, Action<AsyncGPUReadbackRequest> callback) =>
            Request(source, format, format == null ? (bool?)null : World.ColorSpace == ColorSpace.Linear, callback);

        static AsyncGPUReadbackRequest Request(Texture source, TextureFormat? format, bool? srgb, Action<AsyncGPUReadbackRequest> callback)
        {
            World.EnsureMainThread("AsyncGPUReadback.Request");
            var job = new ReadbackJob(source, World.FrameCount, callback);
            if ((object)source == null || source.m_Destroyed)
            {
                job.HasError = true;
            }
            else
            {
                job.Width = source.width;
                job.Height = source.height;
                bool destinationSrgb = srgb ?? source.m_StoresSrgb;
                var layout = format ?? TextureFormat.RGBA32;
                job.Data = Pixels.Convert(source.m_Pixels, source.m_StoresSrgb, destinationSrgb, layout);
                if (job.Data == null)
                {
                    job.HasError = true;
                    World.AddLog(LogKind.Error, $"AsyncGPUReadback: the harness reads back RGBA32, ARGB32, BGRA32 and RGB24, not {layout}", source);
                }
            }
            Pending.Add(job);
            var request = new AsyncGPUReadbackRequest();
            request.m_Job = job;
            return request;
        }

        internal static void CompleteDue(int frame)
        {
            var due = Pending.FindAll(j => frame - j.Frame >= LatencyFrames);
            foreach (var job in due)
            {
                Pending.Remove(job);
                if ((object)job.Source == null || job.Source.m_Destroyed) job.HasError = true;
                job.Done = true;
                Completed++;
                if (job.Callback == null) continue;
                var request = new AsyncGPUReadbackRequest();
                request.m_Job = job;
                try
                {
                    job.Callback(request);
                }
                catch (Exception e)
                {
                    World.AddLog(LogKind.Exception, e, null);
                }
                // The data lives only while the callback runs.
                job.Data = Array.Empty<byte>();
            }
        }

        internal static int PendingCount => Pending.Count;
    }
}
