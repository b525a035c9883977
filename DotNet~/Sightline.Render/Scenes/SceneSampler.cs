using System;
using System.Collections.Generic;
using System.Numerics;
using Sightline.Randomness;
using Sightline.Render.Meshes;

namespace Sightline.Render.Scenes
{
    /// <summary>
    /// Draws random scenes around a main object of a given kind: random pose, size, colour, light, sky, ground and
    /// camera, smaller distractor objects of any kind at the edges and, in a hard <see cref="SceneStyle"/>, occluders
    /// in front. Colour is drawn independently of the kind, so only the shape tells the classes apart.
    /// </summary>
    public sealed class SceneSampler
    {
        readonly IReadOnlyList<ShapeKind> _kinds;

        readonly SceneStyle _style;

        public SceneSampler(IReadOnlyList<ShapeKind> distractorKinds, SceneStyle style)
        {
            if (distractorKinds.Count == 0) throw new ArgumentException("at least one distractor kind is needed", nameof(distractorKinds));
            _kinds = distractorKinds;
            _style = style ?? throw new ArgumentNullException(nameof(style));
        }

        public Scene Sample(ShapeKind label, SeededRandom rng)
        {
            var objects = new List<SceneObject>();
            float mainScale = Range(rng, 0.9f, 1.15f);
            // Upright-ish like objects in a game level; the torus tilts further so its hole shows from most cameras.
            float tilt = label == ShapeKind.Torus ? Range(rng, 0.35f, 1.2f) : Range(rng, 0f, 0.3f);
            var main = Place(label, mainScale, tilt, new Vector2(Range(rng, -0.3f, 0.3f), Range(rng, -0.3f, 0.3f)), rng);
            objects.Add(main);

            float azimuth = Range(rng, 0f, 2f * MathF.PI);
            float elevation = Range(rng, 0.12f, 0.85f);
            float distance = Range(rng, 3.9f, 5.2f);
            var target = main.Position + new Vector3(Range(rng, -0.25f, 0.25f), Range(rng, -0.2f, 0.2f), Range(rng, -0.25f, 0.25f));
            var toCamera = new Vector3(MathF.Cos(elevation) * MathF.Cos(azimuth), MathF.Sin(elevation), MathF.Cos(elevation) * MathF.Sin(azimuth));
            var camera = target + toCamera * distance;
            if (camera.Y < 0.3f) camera.Y = 0.3f;

            var style = _style;
            int distractors = 0;
            for (int i = 0; i < style.MaxDistractors; i++)
                if (rng.NextFloat() < style.Distractors / style.MaxDistractors) distractors++;
            for (int i = 0; i < distractors; i++)
            {
                // Beside or behind the main object, never between it and the camera.
                var flat = Vector2.Normalize(new Vector2(toCamera.X, toCamera.Z));
                float angle = Range(rng, 0.6f, 2f * MathF.PI - 0.6f);
                var dir = new Vector2(flat.X * MathF.Cos(angle) - flat.Y * MathF.Sin(angle), flat.X * MathF.Sin(angle) + flat.Y * MathF.Cos(angle));
                float radius = Range(rng, style.DistractorRadius.lo, style.DistractorRadius.hi);
                var at = new Vector2(main.Position.X, main.Position.Z) + dir * radius;
                var kind = _kinds[rng.NextInt(_kinds.Count)];
                objects.Add(Place(kind, Range(rng, style.DistractorScale.lo, style.DistractorScale.hi), Range(rng, 0f, 0.5f), at, rng));
            }
            for (int i = 0; i < style.MaxOccluders; i++)
            {
                if (rng.NextFloat() >= style.OccluderChance) continue;
                // On the way to the camera and off to one side, short enough that the main object still shows above
                // or beside it: it hides part of the object, never all of it.
                var main2 = new Vector2(main.Position.X, main.Position.Z);
                var towards = new Vector2(camera.X, camera.Z) - main2;
                var side = Vector2.Normalize(new Vector2(-towards.Y, towards.X) + new Vector2(1e-4f, 0));
                float sign = rng.NextFloat() < 0.5f ? -1f : 1f;
                var at = main2 + towards * Range(rng, 0.25f, 0.45f) + side * sign * Range(rng, 0.15f, 0.6f);
                var kind = _kinds[rng.NextInt(_kinds.Count)];
                var occluder = Place(kind, Range(rng, 0.4f, 0.6f), Range(rng, 0f, 0.5f), at, rng);
                occluder.Occluder = true;
                objects.Add(occluder);
            }

            var scene = new Scene(objects, 0)
            {
                CameraPosition = camera,
                CameraTarget = target,
                FieldOfViewDegrees = Range(rng, 36f, 44f),
            };
            float lightAzimuth = Range(rng, 0f, 2f * MathF.PI);
            float lightElevation = Range(rng, style.LightElevation.lo, style.LightElevation.hi);
            scene.LightDirection = new Vector3(MathF.Cos(lightElevation) * MathF.Cos(lightAzimuth), MathF.Sin(lightElevation), MathF.Cos(lightElevation) * MathF.Sin(lightAzimuth));
            scene.LightColour = Tint(rng, style.LightTint) * Range(rng, style.LightIntensity.lo, style.LightIntensity.hi);
            float ambient = Range(rng, style.Ambient.lo, style.Ambient.hi);
            scene.AmbientSky = Tint(rng, 0.1f) * ambient;
            scene.AmbientGround = scene.AmbientSky * 0.5f;
            scene.SkyHorizon = Hsv(rng.NextFloat(), Range(rng, 0f, 0.3f), Range(rng, 0.6f, 1f));
            scene.SkyZenith = Hsv(rng.NextFloat(), Range(rng, 0.1f, 0.6f), Range(rng, 0.3f, 0.9f));
            var ground = Hsv(rng.NextFloat(), Range(rng, 0f, 0.6f), Range(rng, 0.2f, 0.7f));
            scene.GroundA = ground;
            scene.GroundB = ground * Range(rng, 0.6f, 1f);
            scene.CheckerSize = Range(rng, 0.5f, 2.5f);
            scene.Fog = Range(rng, 0.01f, 0.06f);
            return scene;

            SceneObject Place(ShapeKind kind, float scale, float tiltAngle, Vector2 groundPosition, SeededRandom r)
            {
                var rotation = Matrix4x4.CreateRotationY(Range(r, 0f, 2f * MathF.PI))
                    * Matrix4x4.CreateFromAxisAngle(Vector3.Normalize(new Vector3(Range(r, -1f, 1f), 0, Range(r, -1f, 1f)) + new Vector3(1e-3f, 0, 0)), tiltAngle)
                    * Matrix4x4.CreateRotationY(Range(r, 0f, 2f * MathF.PI));
                var scaled = Matrix4x4.CreateScale(scale) * rotation;
                // Rest the object on the ground: lift it so its lowest vertex touches y = 0.
                float lowest = float.MaxValue;
                foreach (var p in Shapes.Get(kind).Positions) lowest = Math.Min(lowest, Vector3.Transform(p, scaled).Y);
                var world = scaled * Matrix4x4.CreateTranslation(groundPosition.X, -lowest, groundPosition.Y);
                var colour = Hsv(r.NextFloat(), Range(r, 0.25f, 0.95f), Range(r, 0.45f, 1f));
                return new SceneObject(kind, world, colour, Range(r, 0.05f, 0.5f), Range(r, 8f, 64f))
                {
                    ShadowRadius = Shapes.Get(kind).BoundingRadius * scale * 0.9f,
                };
            }
        }

        static float Range(SeededRandom rng, float lo, float hi) => lo + (hi - lo) * rng.NextFloat();

        static Vector3 Tint(SeededRandom rng, float amount) =>
            new Vector3(1f - amount * rng.NextFloat(), 1f - amount * rng.NextFloat(), 1f - amount * rng.NextFloat());

        /// <summary>Hue, saturation, value in [0, 1] to linear RGB.</summary>
        public static Vector3 Hsv(float h, float s, float v)
        {
            float c = v * s;
            float hp = (h - MathF.Floor(h)) * 6f;
            float x = c * (1f - MathF.Abs(hp % 2f - 1f));
            Vector3 rgb;
            if (hp < 1f) rgb = new Vector3(c, x, 0);
            else if (hp < 2f) rgb = new Vector3(x, c, 0);
            else if (hp < 3f) rgb = new Vector3(0, c, x);
            else if (hp < 4f) rgb = new Vector3(0, x, c);
            else if (hp < 5f) rgb = new Vector3(x, 0, c);
            else rgb = new Vector3(c, 0, x);
            return rgb + new Vector3(v - c);
        }
    }
}
