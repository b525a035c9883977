using System;
using System.Collections.Generic;

namespace Sightline.Hotkeys
{
    /// <summary>
    /// Reads a component's hotkeys once a frame. Reading a key can throw in Unity (the Input Manager's Input class
    /// when only the Input System package is active, or a key the active backend cannot name); such a failure turns
    /// hotkeys off and is kept in <see cref="Failure"/>, and never reaches the caller, so the rest of the frame's work
    /// (a scheduled capture) still runs.
    /// </summary>
    public sealed class HotkeyPoller
    {
        readonly List<HotkeyBinding> _pressed = new List<HotkeyBinding>();

        /// <summary>Why hotkeys are off (null while they work).</summary>
        public string? Failure { get; private set; }

        /// <summary>
        /// The bindings whose key <paramref name="wasPressed"/> reports as pressed this frame, in binding order;
        /// empty once a read has failed. Bindings with key 0 are skipped. The list is reused by the next call.
        /// </summary>
        public IReadOnlyList<HotkeyBinding> Pressed(IReadOnlyList<HotkeyBinding> bindings, Func<int, bool> wasPressed)
        {
            if (bindings == null) throw new ArgumentNullException(nameof(bindings));
            if (wasPressed == null) throw new ArgumentNullException(nameof(wasPressed));
            _pressed.Clear();
            if (Failure != null) return _pressed;
            foreach (var binding in bindings)
            {
                if (binding.Key == 0) continue;
                bool down;
                try
                {
                    down = wasPressed(binding.Key);
                }
                catch (Exception e)
                {
                    Failure = $"hotkeys are off: reading {binding} failed ({e.GetType().Name}: {e.Message})";
                    _pressed.Clear();
                    return _pressed;
                }
                if (down) _pressed.Add(binding);
            }
            return _pressed;
        }

        /// <summary>Turns hotkeys back on (after the bindings or the input settings changed).</summary>
        public void Reset() => Failure = null;
    }
}
