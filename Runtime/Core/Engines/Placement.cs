using System;

namespace Sightline.Engines
{
    /// <summary>
    /// Where the two towers run. A placement, not a different model: every placement computes the same numbers
    /// (Documentation~/architecture.md). The CPU runs the towers as grouped layers whatever the placement says.
    /// </summary>
    public sealed class Placement : IEquatable<Placement>
    {
        Placement(int deviceA, int deviceB, bool split)
        {
            DeviceA = deviceA;
            DeviceB = deviceB;
            IsSplit = split;
        }

        /// <summary>Device of tower A (and of fc8 and the loss).</summary>
        public int DeviceA { get; }
        /// <summary>Device of tower B.</summary>
        public int DeviceB { get; }
        /// <summary>True when the towers run as separate halves with copies at conv3/fc6/fc7/fc8 (even on one device).</summary>
        public bool IsSplit { get; }

        /// <summary>Both towers on one device, each on its own stream, as grouped layers.</summary>
        public static Placement OneDevice(int device = 0)
        {
            if (device < 0) throw new ArgumentOutOfRangeException(nameof(device), device, "device index must not be negative");
            return new Placement(device, device, false);
        }

        /// <summary>Tower A on <paramref name="a"/>, tower B on <paramref name="b"/>; (0, 0) runs the two-device code path on one device.</summary>
        public static Placement TwoDevices(int a, int b)
        {
            if (a < 0) throw new ArgumentOutOfRangeException(nameof(a), a, "device index must not be negative");
            if (b < 0) throw new ArgumentOutOfRangeException(nameof(b), b, "device index must not be negative");
            return new Placement(a, b, true);
        }

        /// <summary>"one", "two" (devices 0 and 1), or "A,B".</summary>
        public static Placement Parse(string text)
        {
            var t = (text ?? string.Empty).Trim().ToLowerInvariant();
            if (t == "one" || t == "") return OneDevice(0);
            if (t == "two") return TwoDevices(0, 1);
            var parts = t.Split(',');
            if (parts.Length == 2 && int.TryParse(parts[0], out int a) && int.TryParse(parts[1], out int b) && a >= 0 && b >= 0)
                return TwoDevices(a, b);
            throw new FormatException($"placement '{text}' is not 'one', 'two' or two device indices like '0,1'");
        }

        public bool Equals(Placement? other) => other != null && DeviceA == other.DeviceA && DeviceB == other.DeviceB && IsSplit == other.IsSplit;
        public override bool Equals(object? obj) => Equals(obj as Placement);
        public override int GetHashCode() => (DeviceA * 31 + DeviceB) * 2 + (IsSplit ? 1 : 0);
        public override string ToString() => IsSplit ? $"TwoDevices({DeviceA}, {DeviceB})" : $"OneDevice({DeviceA})";
    }
}
