#nullable enable
using System;
using Sightline.Hotkeys;
using UnityEngine;

namespace Sightline.Unity.Keys
{
    /// <summary>
    /// Reads a key under either Active Input Handling setting: the Input System package when it is active and
    /// installed (Sightline.Unity's asmdef defines SIGHTLINE_INPUT_SYSTEM through versionDefines), else the Input
    /// Manager's Input class. Unity's own Input class throws when only the Input System package is active.
    /// </summary>
    public static class KeyPresses
    {
        /// <summary>Which backend reads keys in this build.</summary>
        public static string Backend =>
#if ENABLE_INPUT_SYSTEM && SIGHTLINE_INPUT_SYSTEM
            "Input System package";
#elif ENABLE_LEGACY_INPUT_MANAGER
            "Input Manager";
#else
            "none";
#endif

        /// <summary>
        /// True in the frame <paramref name="key"/> went down. Throws when no backend is active or the Input System
        /// has no such key; callers that must keep running use <see cref="HotkeyPoller"/>.
        /// </summary>
        public static bool WasPressedThisFrame(KeyCode key)
        {
            if (key == KeyCode.None) return false;
#if ENABLE_INPUT_SYSTEM && SIGHTLINE_INPUT_SYSTEM
            var keyboard = UnityEngine.InputSystem.Keyboard.current;
            if (keyboard == null) return false; // no keyboard connected
            string? name = KeyNames.InputSystemName(key.ToString());
            if (name == null || !Enum.TryParse(name, out UnityEngine.InputSystem.Key inputKey))
                throw new NotSupportedException($"key {key} has no Input System equivalent; choose a letter, digit, Space, Return or F1-F12");
            return keyboard[inputKey].wasPressedThisFrame;
#elif ENABLE_LEGACY_INPUT_MANAGER
            return UnityEngine.Input.GetKeyDown(key);
#else
            throw new InvalidOperationException($"cannot read key {key}: neither the Input Manager nor the Input System package is active (Project Settings > Player > Active Input Handling)");
#endif
        }

        /// <summary><see cref="WasPressedThisFrame"/> for a KeyCode as an int (what <see cref="HotkeyPoller"/> passes).</summary>
        public static bool WasPressedThisFrame(int keyCode) => WasPressedThisFrame((KeyCode)keyCode);
    }
}
