using System;
using MessagePack;
using MessagePack.Formatters;

namespace Sightline.Data
{
    /// <summary>
    /// Hand-written MessagePack layout of <see cref="DatasetManifest"/> (no attributes, no dynamic code, so IL2CPP-safe):
    /// [magic, version, [labels...], [frame...]] where a frame is
    /// [id, label, path, split, source, scene, pose (nil or [px, py, pz, rx, ry, rz, rw, fov]), time, capturedUtcTicks, width, height].
    /// Readers skip elements they do not know, so later versions may append fields.
    /// </summary>
    public sealed class DatasetManifestFormatter : IMessagePackFormatter<DatasetManifest>
    {
        public static readonly DatasetManifestFormatter Instance = new DatasetManifestFormatter();

        const int FrameFields = 11;

        public void Serialize(ref MessagePackWriter writer, DatasetManifest value, MessagePackSerializerOptions options)
        {
            writer.WriteArrayHeader(4);
            writer.Write(DatasetManifest.Magic);
            writer.Write(value.Version);
            writer.WriteArrayHeader(value.Labels.Count);
            foreach (var label in value.Labels) writer.Write(label);
            writer.WriteArrayHeader(value.Frames.Count);
            foreach (var frame in value.Frames)
            {
                writer.WriteArrayHeader(FrameFields);
                writer.Write(frame.Id);
                writer.Write(frame.Label);
                writer.Write(frame.Path);
                writer.Write((int)frame.Split);
                writer.Write(frame.Source);
                writer.Write(frame.Scene);
                if (frame.Pose is CameraPose pose)
                {
                    writer.WriteArrayHeader(8);
                    writer.Write(pose.PositionX);
                    writer.Write(pose.PositionY);
                    writer.Write(pose.PositionZ);
                    writer.Write(pose.RotationX);
                    writer.Write(pose.RotationY);
                    writer.Write(pose.RotationZ);
                    writer.Write(pose.RotationW);
                    writer.Write(pose.FieldOfView);
                }
                else
                {
                    writer.WriteNil();
                }
                writer.Write(frame.Time);
                writer.Write(frame.CapturedUtcTicks);
                writer.Write(frame.Width);
                writer.Write(frame.Height);
            }
        }

        public DatasetManifest Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            int top = reader.ReadArrayHeader();
            if (top < 4) throw new FormatException($"expected at least 4 top-level elements, found {top}");
            string? magic = reader.ReadString();
            if (magic != DatasetManifest.Magic) throw new FormatException($"not a Sightline dataset manifest (starts with '{magic}')");
            var manifest = new DatasetManifest { Version = reader.ReadInt32() };
            if (manifest.Version > DatasetManifest.CurrentVersion || manifest.Version < 1)
                throw new FormatException($"manifest format version {manifest.Version} is not supported (this Sightline reads up to {DatasetManifest.CurrentVersion}); update Sightline");
            int labels = reader.ReadArrayHeader();
            for (int i = 0; i < labels; i++) manifest.Labels.Add(reader.ReadString() ?? throw new FormatException("null label"));
            int frames = reader.ReadArrayHeader();
            for (int i = 0; i < frames; i++)
            {
                int fields = reader.ReadArrayHeader();
                if (fields < FrameFields) throw new FormatException($"frame {i} has {fields} fields, expected {FrameFields}");
                string id = reader.ReadString() ?? throw new FormatException($"frame {i} has no id");
                string label = reader.ReadString() ?? throw new FormatException($"frame {i} has no label");
                string path = reader.ReadString() ?? throw new FormatException($"frame {i} has no path");
                var frame = new FrameRecord(id, label, path);
                int split = reader.ReadInt32();
                if (split < 0 || split > 2) throw new FormatException($"frame {i} ({path}) has split {split}, expected 0..2");
                frame.Split = (DatasetSplit)split;
                frame.Source = reader.ReadString() ?? "";
                frame.Scene = reader.ReadString() ?? "";
                if (!reader.TryReadNil())
                {
                    int n = reader.ReadArrayHeader();
                    if (n < 8) throw new FormatException($"frame {i} ({path}) has a camera pose of {n} numbers, expected 8");
                    frame.Pose = new CameraPose(reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(),
                        reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle());
                    for (int k = 8; k < n; k++) reader.Skip();
                }
                frame.Time = reader.ReadDouble();
                frame.CapturedUtcTicks = reader.ReadInt64();
                frame.Width = reader.ReadInt32();
                frame.Height = reader.ReadInt32();
                for (int k = FrameFields; k < fields; k++) reader.Skip();
                manifest.Frames.Add(frame);
            }
            for (int k = 4; k < top; k++) reader.Skip();
            return manifest;
        }
    }
}
