using System;
using System.Collections.Generic;
using System.Linq;

namespace Sightline.Render
{
    /// <summary>Lower-case names of the shape kinds (label folder names) and the first N kinds of a demo.</summary>
    public static class ShapeNames
    {
        public static string Of(ShapeKind kind) => kind.ToString().ToLowerInvariant();

        public static int Count => Enum.GetValues(typeof(ShapeKind)).Length;

        /// <summary>Every kind's name, in order: cube, sphere, cylinder, cone, torus, pyramid, capsule, octahedron, prism.</summary>
        public static string All => string.Join(", ", First(Count).Select(Of));

        /// <summary>The first <paramref name="classes"/> kinds (the demo's five are cube, sphere, cylinder, cone, torus).</summary>
        public static IReadOnlyList<ShapeKind> First(int classes)
        {
            if (classes < 2 || classes > Count) throw new ArgumentOutOfRangeException(nameof(classes), classes, $"the scene renderer knows 2 to {Count} shape classes");
            var kinds = new ShapeKind[classes];
            for (int i = 0; i < classes; i++) kinds[i] = (ShapeKind)i;
            return kinds;
        }
    }
}
