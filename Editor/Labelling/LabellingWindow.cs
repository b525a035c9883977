using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Sightline.Data;
using Sightline.Labelling;
using UnityEditor;
using UnityEngine;

namespace Sightline.Editor.Labelling
{
    /// <summary>
    /// Window > Sightline > Labelling: browse a captured dataset by label, look at frames, relabel them, add and merge
    /// labels, and choose each frame's split. Browsing reads the folder without locking it; each edit opens the
    /// dataset for writing just long enough (a capture writing to the same folder makes the edit wait its turn and
    /// fail with a message rather than race it).
    /// </summary>
    public sealed class LabellingWindow : EditorWindow
    {
        static readonly string[] SplitNames = Enum.GetNames(typeof(DatasetSplit));

        [SerializeField] private string datasetFolder = "SightlineData/Captures";

        Dataset? _dataset;
        string _selectedLabel = "";
        readonly HashSet<string> _selectedFrames = new HashSet<string>(StringComparer.Ordinal);
        string _previewPath = "";
        Texture2D? _preview;
        string _newLabel = "";
        int _targetLabel;
        int _targetSplit = (int)DatasetSplit.Validation;
        string _message = "";
        Vector2 _labelScroll, _frameScroll;

        [MenuItem("Window/Sightline/Labelling", false, 2101)]
        public static void Open() => GetWindow<LabellingWindow>("Sightline Labelling");

        void OnDisable() => ClearPreview();

        static string ProjectPath(string path) =>
            Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Application.dataPath) ?? ".", path));

        void Reload()
        {
            try
            {
                _dataset = Dataset.Open(ProjectPath(datasetFolder));
                if (!_dataset.Labels.Names.Contains(_selectedLabel)) _selectedLabel = _dataset.Labels.Count > 0 ? _dataset.Labels[0] : "";
                _selectedFrames.Clear();
                _message = $"{_dataset.Frames.Count} frames, {_dataset.Labels.Count} labels" + (_dataset.Problems.Count > 0 ? $"; {_dataset.Problems.Count} problems (first: {_dataset.Problems[0]})" : "");
            }
            catch (Exception e)
            {
                _dataset = null;
                _message = e.Message;
            }
        }

        void OnGUI()
        {
            GUILayout.BeginHorizontal();
            datasetFolder = EditorGUILayout.TextField("Dataset folder", datasetFolder);
            if (GUILayout.Button("Browse", GUILayout.Width(70f)))
            {
                string chosen = EditorUtility.OpenFolderPanel("Dataset folder", ProjectPath(datasetFolder), "");
                if (!string.IsNullOrEmpty(chosen))
                {
                    datasetFolder = chosen;
                    Reload();
                }
            }
            if (GUILayout.Button("Load", GUILayout.Width(60f))) Reload();
            GUILayout.EndHorizontal();
            if (_message.Length > 0) EditorGUILayout.HelpBox(_message, MessageType.Info);
            if (_dataset == null) return;

            GUILayout.BeginHorizontal();
            LabelColumn();
            FrameColumn();
            PreviewColumn();
            GUILayout.EndHorizontal();
        }

        void LabelColumn()
        {
            GUILayout.BeginVertical(GUILayout.Width(200f));
            GUILayout.Label("Labels", EditorStyles.boldLabel);
            _labelScroll = GUILayout.BeginScrollView(_labelScroll, GUILayout.Height(260f));
            foreach (var label in _dataset!.Labels.Names)
            {
                int count = _dataset.Frames.Count(f => f.Label == label);
                bool selected = label == _selectedLabel;
                if (GUILayout.Toggle(selected, $"{label} ({count})") && !selected)
                {
                    _selectedLabel = label;
                    _selectedFrames.Clear();
                }
            }
            GUILayout.EndScrollView();
            _newLabel = EditorGUILayout.TextField("New label", _newLabel);
            if (GUILayout.Button("Add label")) Edit(editor => editor.AddLabel(_newLabel.Trim()), $"added '{_newLabel.Trim()}'");
            var others = _dataset.Labels.Names.Where(l => l != _selectedLabel).ToArray();
            if (others.Length > 0)
            {
                _targetLabel = Mathf.Min(_targetLabel, others.Length - 1);
                _targetLabel = EditorGUILayout.Popup("Merge into", _targetLabel, others);
                if (GUILayout.Button($"Merge '{_selectedLabel}' into '{others[_targetLabel]}'")
                    && EditorUtility.DisplayDialog("Merge labels", $"Move every '{_selectedLabel}' frame to '{others[_targetLabel]}' and remove '{_selectedLabel}'?", "Merge", "Cancel"))
                {
                    string from = _selectedLabel, into = others[_targetLabel];
                    Edit(editor => editor.MergeLabel(from, into), $"merged '{from}' into '{into}'");
                }
            }
            GUILayout.EndVertical();
        }

        void FrameColumn()
        {
            GUILayout.BeginVertical(GUILayout.Width(260f));
            var frames = _dataset!.Frames.Where(f => f.Label == _selectedLabel && f.Record != null).ToList();
            GUILayout.Label($"Frames of '{_selectedLabel}' ({_selectedFrames.Count} selected)", EditorStyles.boldLabel);
            _frameScroll = GUILayout.BeginScrollView(_frameScroll, GUILayout.Height(260f));
            foreach (var frame in frames)
            {
                string id = frame.Record!.Id;
                bool was = _selectedFrames.Contains(id);
                bool now = GUILayout.Toggle(was, $"{id}  [{frame.Split}]  {frame.Record.Scene}");
                if (now == was) continue;
                if (now) _selectedFrames.Add(id);
                else _selectedFrames.Remove(id);
                ShowPreview(frame.Path);
            }
            GUILayout.EndScrollView();

            GUI.enabled = _selectedFrames.Count > 0;
            var labels = _dataset.Labels.Names.ToArray();
            _targetLabel = Mathf.Min(_targetLabel, Mathf.Max(0, labels.Length - 1));
            GUILayout.BeginHorizontal();
            int relabelTo = EditorGUILayout.Popup("Relabel to", Array.IndexOf(labels, _selectedLabel), labels);
            GUILayout.EndHorizontal();
            if (relabelTo >= 0 && labels[relabelTo] != _selectedLabel)
            {
                var ids = _selectedFrames.ToArray();
                string to = labels[relabelTo];
                Edit(editor => editor.Relabel(ids, to), $"moved {ids.Length} frames to '{to}'");
            }
            _targetSplit = EditorGUILayout.Popup("Split", _targetSplit, SplitNames);
            if (GUILayout.Button("Set split of selected"))
            {
                var ids = _selectedFrames.ToArray();
                var split = (DatasetSplit)_targetSplit;
                Edit(editor => editor.SetSplit(ids, split), $"{ids.Length} frames set to {split}");
            }
            GUI.enabled = true;
            GUILayout.EndVertical();
        }

        void PreviewColumn()
        {
            GUILayout.BeginVertical();
            GUILayout.Label(_previewPath.Length > 0 ? Path.GetFileName(_previewPath) : "Preview", EditorStyles.boldLabel);
            Rect area = GUILayoutUtility.GetRect(128f, 512f, 128f, 512f);
            if (_preview != null) GUI.DrawTexture(area, _preview, ScaleMode.ScaleToFit);
            GUILayout.EndVertical();
        }

        void ShowPreview(string path)
        {
            if (path == _previewPath) return;
            ClearPreview();
            _previewPath = path;
            try
            {
                var texture = new Texture2D(2, 2) { hideFlags = HideFlags.HideAndDontSave };
                if (texture.LoadImage(File.ReadAllBytes(path))) _preview = texture;
                else DestroyImmediate(texture);
            }
            catch (IOException e)
            {
                _message = $"cannot read {path}: {e.Message}";
            }
        }

        void ClearPreview()
        {
            if (_preview != null) DestroyImmediate(_preview);
            _preview = null;
            _previewPath = "";
        }

        void Edit(Action<DatasetEditor> edit, string done)
        {
            try
            {
                using (var editor = DatasetEditor.Open(ProjectPath(datasetFolder))) edit(editor);
                Reload();
                _message = done + ". " + _message;
            }
            catch (Exception e) when (e is ArgumentException || e is DatasetException || e is IOException || e is UnauthorizedAccessException)
            {
                _message = e.Message;
            }
        }
    }
}
