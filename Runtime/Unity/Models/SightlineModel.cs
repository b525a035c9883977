using System;
using Sightline.Classification;
using Sightline.Onnx;
using UnityEngine;

namespace Sightline.Unity.Models
{
    /// <summary>
    /// A trained network as a project asset: the bytes of an .onnx or .slckpt file (imported by the package's model
    /// importer) and a summary for the Inspector. <see cref="Load"/> parses the bytes; it allocates the whole
    /// parameter buffer (240 MB for the paper's network), so components call it off the main thread.
    /// </summary>
    [CreateAssetMenu(menuName = "Sightline/Model (empty)", fileName = "SightlineModel")]
    public sealed class SightlineModel : ScriptableObject
    {
        [SerializeField, HideInInspector] private byte[] bytes = Array.Empty<byte>();
        [SerializeField] private ModelFormat format;
        [SerializeField] private string sourceName = "";
        [SerializeField] private string[] labels = Array.Empty<string>();
        [SerializeField] private int inputSize;
        [SerializeField] private long parameterCount;
        [SerializeField] private string summary = "";

        public ModelFormat Format => format;
        /// <summary>The file the asset was imported from, for messages.</summary>
        public string SourceName => sourceName;
        public string[] Labels => labels;
        public int InputSize => inputSize;
        public long ParameterCount => parameterCount;
        public string Summary => summary;
        public bool IsEmpty => bytes == null || bytes.Length == 0;

        /// <summary>Fills the asset from file bytes and checks they load (the importer calls this).</summary>
        public void SetContent(byte[] content, ModelFormat contentFormat, string source)
        {
            bytes = content ?? throw new ArgumentNullException(nameof(content));
            format = contentFormat;
            sourceName = source ?? "";
            var model = Load();
            labels = new string[model.Labels.Count];
            for (int i = 0; i < labels.Length; i++) labels[i] = model.Labels[i];
            inputSize = model.Spec.InputSize;
            parameterCount = model.Spec.ParameterCount;
            summary = $"{model.Spec} - {labels.Length} classes, {inputSize}x{inputSize} input, {parameterCount:N0} parameters ({format})";
        }

        /// <summary>Parses the network; throws with the source file named when the bytes are not a model.</summary>
        public TrainedModel Load()
        {
            if (IsEmpty) throw new InvalidOperationException($"model asset '{name}' holds no model: import an .onnx or .slckpt file");
            return format == ModelFormat.Onnx
                ? OnnxImporter.Read(bytes, sourceName)
                : ModelBytes.ReadCheckpoint(bytes, sourceName);
        }
    }
}
