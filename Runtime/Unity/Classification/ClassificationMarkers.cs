using Unity.Profiling;

namespace Sightline.Unity.Classification
{
    /// <summary>
    /// Profiler markers around each stage of classifying a frame, so the Unity Profiler shows where the time goes:
    /// the camera render and readback request (main thread), the pixel conversion and preprocessing (a worker thread),
    /// the network (the classifier's worker thread) and the delivery of the result (main thread).
    /// </summary>
    public static class ClassificationMarkers
    {
        public const string ReadbackName = "Sightline.Readback";
        public const string PreprocessName = "Sightline.Preprocess";
        public const string InferenceName = "Sightline.Inference";
        public const string DeliveryName = "Sightline.Deliver";

        public static readonly ProfilerMarker Readback = new ProfilerMarker(ReadbackName);
        public static readonly ProfilerMarker Preprocess = new ProfilerMarker(PreprocessName);
        public static readonly ProfilerMarker Inference = new ProfilerMarker(InferenceName);
        public static readonly ProfilerMarker Delivery = new ProfilerMarker(DeliveryName);
    }
}
