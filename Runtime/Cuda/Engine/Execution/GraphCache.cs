using System;
using System.Collections.Generic;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Engine.Bf16;
using Sightline.Engines;

namespace Sightline.Cuda.Engine.Execution
{
    /// <summary>
    /// Runs the engine's passes as captured CUDA graphs when it can (one tower, no timer, capture not failed, the
    /// convolutions prepared for the batch), else as ordinary launches: an inference graph and a bf16 inference graph
    /// per batch size, and one training-step graph for the current batch and SGD settings.
    /// </summary>
    internal sealed class GraphCache : IDisposable
    {
        readonly bool _capture;
        readonly EngineDevices _devices;
        readonly BlockExecutor _executor;
        readonly Dictionary<int, CudaGraphExec> _inference = new Dictionary<int, CudaGraphExec>();
        readonly Dictionary<int, CudaGraphExec> _bf16 = new Dictionary<int, CudaGraphExec>();
        CudaGraphExec? _training;
        int _trainingBatch;
        SgdSettings _trainingSettings;
        string? _failure;

        public GraphCache(bool capture, EngineDevices devices, BlockExecutor executor)
        {
            _capture = capture;
            _devices = devices;
            _executor = executor;
        }

        bool Usable => _capture && _devices.Towers.Length == 1 && _executor.Timer == null && _failure == null;

        /// <summary>"on", "off (option)", "off (split towers)", or why capturing failed.</summary>
        public string Status =>
            _failure != null ? "off: capture failed: " + _failure
            : !_capture ? "off (CaptureGraphs option)"
            : _devices.Towers.Length != 1 ? "off (split towers run on two streams)"
            : "on";

        /// <summary>Inference on the loaded batch: the captured graph when possible, else ordinary launches.</summary>
        public void RunInference(int batch)
        {
            if (Usable && _executor.ConvolutionsPrepared(batch))
            {
                if (!_inference.TryGetValue(batch, out var exec))
                {
                    exec = Capture(() => _executor.EnqueueForward(batch, training: false, setStep: false));
                    if (exec != null) _inference[batch] = exec;
                }
                if (exec != null)
                {
                    exec.Launch(_devices.A.Stream);
                    _executor.Batch = batch;
                    _executor.TrainingForward = false;
                    return;
                }
            }
            _executor.EnqueueForward(batch, training: false);
        }

        /// <summary>The bf16 inference pass (CudaEngineOptions.Bf16Inference): weights remade when stale, then a graph once prepared.</summary>
        public void RunBf16Inference(Bf16Inference bf16, int batch)
        {
            bf16.RefreshWeightsIfStale();
            ulong image = _devices.A.Device.Image.Address;
            CudaGraphExec? exec = null;
            if (Usable && bf16.IsPrepared(batch) && !_bf16.TryGetValue(batch, out exec))
            {
                exec = Capture(() => bf16.Enqueue(batch, image));
                if (exec != null) _bf16[batch] = exec;
            }
            if (exec != null) exec.Launch(_devices.A.Stream);
            else
            {
                var timer = _executor.Timer;
                var stream = _devices.A.Stream;
                bf16.Enqueue(batch, image, timer != null ? name => timer.Mark(name, stream) : (Action<string>?)null);
            }
            _executor.Batch = batch;
            _executor.TrainingForward = false;
            _executor.LogitsFromBf16 = true;
        }

        /// <summary>Forward, backward and update on the loaded batch: one graph replay when possible.</summary>
        public void RunTrainingStep(int batch, in SgdSettings settings)
        {
            _executor.LogitsFromBf16 = false;
            if (Usable && _executor.ConvolutionsPrepared(batch))
            {
                if (_training == null || _trainingBatch != batch || !Same(_trainingSettings, settings))
                {
                    _training?.Dispose();
                    var s = settings;
                    _training = Capture(() =>
                    {
                        _executor.EnqueueForward(batch, training: true, setStep: false);
                        _executor.EnqueueBackward(batch);
                        _executor.EnqueueUpdate(s);
                    });
                    _trainingBatch = batch;
                    _trainingSettings = settings;
                }
                if (_training != null)
                {
                    _devices.SetSteps(_executor.Step);
                    _training.Launch(_devices.A.Stream);
                    _executor.Batch = batch;
                    _executor.TrainingForward = true;
                    _executor.Step++;
                    return;
                }
            }
            _executor.EnqueueForward(batch, training: true);
            _executor.EnqueueBackward(batch);
            _executor.EnqueueUpdate(settings);
        }

        static bool Same(in SgdSettings a, in SgdSettings b) =>
            a.LearningRate.Equals(b.LearningRate) && a.Momentum.Equals(b.Momentum) && a.WeightDecay.Equals(b.WeightDecay);

        /// <summary>Records what <paramref name="enqueue"/> queues on tower A's stream into an executable graph; null when capture fails.</summary>
        CudaGraphExec? Capture(Action enqueue)
        {
            var stream = _devices.A.Stream;
            // Queuing changes the executor's step and pass state; a capture only records, so both are put back.
            long step = _executor.Step;
            bool training = _executor.TrainingForward;
            try
            {
                stream.BeginCapture(CaptureMode.ThreadLocal);
                try
                {
                    enqueue();
                }
                catch
                {
                    try
                    {
                        stream.EndCapture().Dispose();
                    }
                    catch (CudaException)
                    {
                        // The capture was already invalid; ending it is all that is needed.
                    }
                    throw;
                }
                using var graph = stream.EndCapture();
                return graph.Instantiate();
            }
            catch (CudaException e)
            {
                _failure = e.Message;
                return null;
            }
            finally
            {
                _executor.Step = step;
                _executor.TrainingForward = training;
            }
        }

        public void Dispose()
        {
            foreach (var g in _inference.Values) g.Dispose();
            _inference.Clear();
            foreach (var g in _bf16.Values) g.Dispose();
            _bf16.Clear();
            _training?.Dispose();
            _training = null;
        }
    }
}
