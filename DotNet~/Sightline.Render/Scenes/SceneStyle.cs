using System;

namespace Sightline.Render.Scenes
{
    /// <summary>
    /// How hard a rendered scene set is: how much clutter surrounds the labelled object, whether occluders stand in
    /// front of it, and how far the lighting varies. <see cref="Easy"/> is the demo's set; <see cref="Hard"/> is meant
    /// for experiments where the easy set is learnt too quickly for design choices to show.
    /// </summary>
    public sealed class SceneStyle
    {
        public static readonly SceneStyle Easy = new SceneStyle("easy");

        public static readonly SceneStyle Hard = new SceneStyle("hard")
        {
            Distractors = 3f,
            MaxDistractors = 6,
            DistractorScale = (0.25f, 0.5f),
            DistractorRadius = (1.8f, 4.5f),
            OccluderChance = 0.45f,
            MaxOccluders = 2,
            LightElevation = (0.2f, 1.4f),
            LightIntensity = (0.35f, 1.3f),
            LightTint = 0.4f,
            Ambient = (0.05f, 0.45f),
        };

        SceneStyle(string name) => Name = name;

        /// <summary>The name `sightline render --scene` takes.</summary>
        public string Name { get; }

        /// <summary>Mean number of distractor objects (beside or behind the main object) per scene.</summary>
        public float Distractors { get; private set; } = 0.8f;
        /// <summary>Most distractors one scene holds (each of this many slots is filled with chance mean / max).</summary>
        public int MaxDistractors { get; private set; } = 3;
        public (float lo, float hi) DistractorScale { get; private set; } = (0.25f, 0.4f);
        /// <summary>Distance of a distractor from the main object on the ground.</summary>
        public (float lo, float hi) DistractorRadius { get; private set; } = (2.6f, 4.5f);

        /// <summary>Chance of each occluder slot being filled: an object between the camera and the main object, to one side, hiding part of it.</summary>
        public float OccluderChance { get; private set; }
        public int MaxOccluders { get; private set; }

        /// <summary>Height of the light above the horizon in radians.</summary>
        public (float lo, float hi) LightElevation { get; private set; } = (0.45f, 1.35f);
        public (float lo, float hi) LightIntensity { get; private set; } = (0.65f, 1.0f);
        /// <summary>How far each channel of the light's colour may drop below white.</summary>
        public float LightTint { get; private set; } = 0.15f;
        public (float lo, float hi) Ambient { get; private set; } = (0.15f, 0.35f);

        /// <summary>The style called <paramref name="name"/> (easy or hard).</summary>
        public static SceneStyle Named(string name)
        {
            if (string.Equals(name, Easy.Name, StringComparison.OrdinalIgnoreCase)) return Easy;
            if (string.Equals(name, Hard.Name, StringComparison.OrdinalIgnoreCase)) return Hard;
            throw new ArgumentException($"unknown scene style '{name}' (known: {Easy.Name}, {Hard.Name})", nameof(name));
        }
    }
}
