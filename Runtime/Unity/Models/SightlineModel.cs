#nullable enable
using System;
using System.IO;
using Sightline.Model;
using Sightline.Model.Files;
using UnityEngine;

namespace Sightline.Unity.Models
{
    /// <summary>
    /// A trained network as a project asset: a model file's bytes (spec, weights, labels, normalisation; never a
    /// checkpoint's momentum or run history) or, for large models, the name of that file in StreamingAssets; and a
    /// summary for the Inspector. Parsing allocates the whole parameter buffer (240 MB for the paper's network), so
    /// components take <see cref="File"/> on the main thread and load it on a worker thread.
    /// </summary>
    [CreateAssetMenu(menuName = "Sightline/Model (empty)", fileName = "SightlineModel")]
    public sealed class SightlineModel : ScriptableObject
    {
        /// <summary>The folder inside StreamingAssets that models kept there live in.</summary>
        public const string StreamingFolder = "Sightline";

        [SerializeField, HideInInspector] private byte[] bytes = Array.Empty<byte>();
        [SerializeField] private ModelFormat format;
        [SerializeField] private string sourceName = "";
        [SerializeField] private string streamingFile = "";
        [SerializeField] private string spec = "";
        [SerializeField] private string[] labels = Array.Empty<string>();
        [SerializeField] private int inputSize;
        [SerializeField] private long parameterCount;
        [SerializeField] private string normalization = "";
        [SerializeField] private string summary = "";

        public ModelFormat Format => format;
        /// <summary>The file the asset was imported from, for messages.</summary>
        public string SourceName => sourceName;
        /// <summary>The model file's path inside StreamingAssets (forward slashes); empty when the asset holds the bytes.</summary>
        public string StreamingFile => streamingFile;
        /// <summary>The network, as NetworkSpec describes itself.</summary>
        public string Spec => spec;
        public string[] Labels => labels;
        public int InputSize => inputSize;
        public long ParameterCount => parameterCount;
        /// <summary>The input normalisation in words.</summary>
        public string Normalization => normalization;
        public string Summary => summary;
        public bool IsEmpty => (bytes == null || bytes.Length == 0) && string.IsNullOrEmpty(streamingFile);
        /// <summary>Bytes the asset itself holds (0 when the model is in StreamingAssets).</summary>
        public long StoredBytes => bytes?.LongLength ?? 0;

        /// <summary>Fills the asset with <paramref name="model"/> as a model file (the importer calls this).</summary>
        public void SetModel(TrainedModel model, string source)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            bytes = TrainedModelFile.ToBytes(model);
            format = ModelFormat.Model;
            streamingFile = "";
            Describe(model, source);
        }

        /// <summary>
        /// Points the asset at a model file kept in StreamingAssets at <paramref name="pathInStreamingAssets"/>; the
        /// asset holds only the summary.
        /// </summary>
        public void SetStreamingModel(TrainedModel model, string pathInStreamingAssets, string source)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            if (string.IsNullOrEmpty(pathInStreamingAssets)) throw new ArgumentException("the path inside StreamingAssets is empty", nameof(pathInStreamingAssets));
            bytes = Array.Empty<byte>();
            format = ModelFormat.Model;
            streamingFile = pathInStreamingAssets.Replace('\\', '/');
            Describe(model, source);
        }

        /// <summary>Fills the asset from the bytes of an .onnx or .slmodel file and checks they load.</summary>
        public void SetContent(byte[] content, ModelFormat contentFormat, string source)
        {
            if (contentFormat == ModelFormat.Checkpoint) throw new ArgumentException("a model asset holds a model, not a training checkpoint: pass the checkpoint's Model to SetModel", nameof(contentFormat));
            bytes = content ?? throw new ArgumentNullException(nameof(content));
            format = contentFormat;
            streamingFile = "";
            sourceName = source ?? "";
            Describe(File.Load(), source ?? "");
        }

        void Describe(TrainedModel model, string source)
        {
            sourceName = source ?? "";
            spec = model.Spec.ToString();
            labels = new string[model.Labels.Count];
            for (int i = 0; i < labels.Length; i++) labels[i] = model.Labels[i];
            inputSize = model.Spec.InputSize;
            parameterCount = model.Spec.ParameterCount;
            normalization = Describe(model.Normalization);
            summary = $"{model.Spec} - {labels.Length} classes, {inputSize}x{inputSize} input, {parameterCount:N0} parameters";
        }

        static string Describe(InputNormalization n)
        {
            string mean = n.IsMeanImage ? $"mean image {n.MeanImageSize}x{n.MeanImageSize}" : $"mean ({n.Mean[0]:g4}, {n.Mean[1]:g4}, {n.Mean[2]:g4})";
            string pixels = n.PixelScale == 1f ? "pixels 0..255" : $"pixels x {n.PixelScale:g4}";
            return $"{pixels}, {mean}, scale ({n.Scale[0]:g4}, {n.Scale[1]:g4}, {n.Scale[2]:g4})";
        }

        /// <summary>The model as a plain object to read and parse off the main thread.</summary>
        public ModelFile File
        {
            get
            {
                string source = string.IsNullOrEmpty(sourceName) ? name : sourceName;
                if (string.IsNullOrEmpty(streamingFile)) return new ModelFile(bytes ?? Array.Empty<byte>(), format, source);
                return ModelFile.AtPath(StreamingPath(streamingFile), source);
            }
        }

        /// <summary>
        /// Where a model kept in StreamingAssets is read: under Application.streamingAssetsPath, which Unity's build
        /// fills with a copy of the project's Assets/StreamingAssets folder (PostprocessBuildPlayer.InstallStreamingAssets).
        /// </summary>
        public static string StreamingPath(string pathInStreamingAssets) => Path.Combine(Application.streamingAssetsPath, pathInStreamingAssets);
    }
}
