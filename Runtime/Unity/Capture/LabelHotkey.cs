#nullable enable
using System;
using UnityEngine;

namespace Sightline.Unity.Capture
{
    /// <summary>A key that captures the current view with a fixed label (FrameCapture's hotkey list).</summary>
    [Serializable]
    public sealed class LabelHotkey
    {
        [SerializeField] private KeyCode key = KeyCode.None;
        [SerializeField] private string label = "";

        public LabelHotkey() { }

        public LabelHotkey(KeyCode key, string label)
        {
            this.key = key;
            this.label = label;
        }

        public KeyCode Key => key;
        public string Label => label;
    }
}
