using System.Collections.Generic;
using System.Linq;
using Sightline.Unity.Capture;
using Sightline.UnityPlayer;
using UnityEngine;

namespace Sightline.Tests.SamplePlay
{
    /// <summary>
    /// What a camera pose really shows, from the rasteriser's pixels (occlusion included), independent of the
    /// components' own bounds-based labelling: the label of the labelled object covering most of the view.
    /// </summary>
    internal static class ViewTruth
    {
        /// <summary>Least share of the view the true object must cover for the view to count as showing it.</summary>
        public const float MinimumCoverage = 0.05f;

        /// <summary>The label of the object covering most of the view, or null when none covers <see cref="MinimumCoverage"/>.</summary>
        public static string? Label(Player player, Vector3 position, Quaternion rotation, float fieldOfView, int width, int height)
        {
            player.RenderView(position, rotation, fieldOfView, width, height, out var coverage);
            return Label(player, coverage);
        }

        public static string? Label(Player player, IReadOnlyDictionary<string, float> coverage)
        {
            if (coverage.Count == 0) return null;
            var best = coverage.OrderByDescending(p => p.Value).First();
            if (best.Value < MinimumCoverage) return null;
            var labelled = player.Find(best.Key).GetComponent<SightlineLabel>();
            return labelled != null && labelled.Label.Length > 0 ? labelled.Label : best.Key.ToLowerInvariant();
        }
    }
}
