#nullable enable
using System;
using UnityEngine;

namespace Sightline.Unity.Models
{
    /// <summary>
    /// A trained network as a project asset: the bytes of an .onnx or .slckpt file (imported by the package's model
    /// importer) and a summary for the Inspector. Parsing allocates the whole parameter buffer (240 MB for the paper's
    /// network), so components take <see cref="File"/> on the main thread and load it on a worker thread.
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
            var model = File.Load();
            labels = new string[model.Labels.Count];
            for (int i = 0; i < labels.Length; i++) labels[i] = model.Labels[i];
            inputSize = model.Spec.InputSize;
            parameterCount = model.Spec.ParameterCount;
            summary = $"{model.Spec} - {labels.Length} classes, {inputSize}x{inputSize} input, {parameterCount:N0} parameters ({format})";
        }

        /// <summary>The model's bytes as a plain object to parse off the main thread.</summary>
        public ModelFile File => new ModelFile(bytes ?? Array.Empty<byte>(), format, string.IsNullOrEmpty(sourceName) ? name : sourceName);
    }
}
