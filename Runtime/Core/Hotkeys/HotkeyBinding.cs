namespace Sightline.Hotkeys
{
    /// <summary>
    /// A key (a UnityEngine.KeyCode value; 0 is none) and the label a capture it triggers gets; a null label means the
    /// view decides the label.
    /// </summary>
    public readonly struct HotkeyBinding
    {
        public HotkeyBinding(int key, string? label)
        {
            Key = key;
            Label = label;
        }

        public int Key { get; }
        public string? Label { get; }

        public override string ToString() => Label == null ? $"key {Key}" : $"key {Key} = '{Label}'";
    }
}
