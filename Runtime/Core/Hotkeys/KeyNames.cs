namespace Sightline.Hotkeys
{
    /// <summary>
    /// Names a UnityEngine.KeyCode (by its enum name) in the Input System package's Key enum. Letters, Space, Tab,
    /// Escape, Backspace and F1-F12 have the same names; the top-row digits (Alpha1 / Digit1) and Return (Enter) do not.
    /// A name this does not know is passed on unchanged, and the caller reports it when the Key enum lacks it.
    /// </summary>
    public static class KeyNames
    {
        /// <summary>The Key name for <paramref name="keyCodeName"/>; null for None, mouse buttons and joystick buttons.</summary>
        public static string? InputSystemName(string keyCodeName)
        {
            if (string.IsNullOrEmpty(keyCodeName) || keyCodeName == "None") return null;
            if (keyCodeName.StartsWith("Mouse") || keyCodeName.StartsWith("Joystick")) return null;
            if (keyCodeName.Length == 6 && keyCodeName.StartsWith("Alpha") && char.IsDigit(keyCodeName[5])) return "Digit" + keyCodeName[5];
            if (keyCodeName == "Return") return "Enter";
            return keyCodeName;
        }
    }
}
