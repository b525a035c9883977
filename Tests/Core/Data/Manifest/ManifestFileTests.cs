using System.IO;
using NUnit.Framework;
using Sightline.Data;

namespace Sightline.Tests.Core.Data.Manifest
{
    public class ManifestFileTests
    {
        TempFolder _dir = null!;

        [SetUp]
        public void SetUp() => _dir = new TempFolder();

        [TearDown]
        public void TearDown() => _dir.Dispose();

        static DatasetManifest Sample()
        {
            var m = new DatasetManifest();
            m.Labels.Add("car");
            m.Labels.Add("tree");
            m.Frames.Add(new FrameRecord("00000001", "car", "frames/car/00000001.png")
            {
                Split = DatasetSplit.Validation, Source = "unity", Scene = "Level1", Time = 12.5, CapturedUtcTicks = 638000000000000000,
                Width = 640, Height = 480, Pose = new CameraPose(1, 2, 3, 0, 0.7071f, 0, 0.7071f, 60),
            });
            m.Frames.Add(new FrameRecord("00000002", "tree", "frames/tree/00000002.png"));
            return m;
        }

        [Test]
        public void RoundTripsEveryField()
        {
            string path = _dir.Combine(DatasetLayout.ManifestFile);
            ManifestFile.Write(path, Sample());
            var m = ManifestFile.Read(path);
            Assert.That(m.Version, Is.EqualTo(DatasetManifest.CurrentVersion));
            Assert.That(m.Labels, Is.EqualTo(new[] { "car", "tree" }));
            Assert.That(m.Frames.Count, Is.EqualTo(2));
            var f = m.Frames[0];
            Assert.That(f.Split, Is.EqualTo(DatasetSplit.Validation));
            Assert.That(f.Scene, Is.EqualTo("Level1"));
            Assert.That(f.Time, Is.EqualTo(12.5));
            Assert.That(f.Width, Is.EqualTo(640));
            Assert.That(f.Pose.HasValue, Is.True);
            Assert.That(f.Pose!.Value.RotationY, Is.EqualTo(0.7071f));
            Assert.That(f.Pose.Value.FieldOfView, Is.EqualTo(60f));
            Assert.That(m.Frames[1].Pose.HasValue, Is.False);
            Assert.That(Directory.GetFiles(_dir.Path, "*.tmp"), Is.Empty);
        }

        [Test]
        public void NewerVersionIsRefusedWithTheVersionNamed()
        {
            var m = Sample();
            m.Version = DatasetManifest.CurrentVersion + 1;
            string path = _dir.Combine(DatasetLayout.ManifestFile);
            File.WriteAllBytes(path, ManifestFile.Serialize(m));
            var e = Assert.Throws<DatasetException>(() => ManifestFile.Read(path));
            Assert.That(e!.Message, Does.Contain(path));
            Assert.That(e.Message, Does.Contain("version " + (DatasetManifest.CurrentVersion + 1)));
        }

        [Test]
        public void TruncatedManifestIsCorrupted()
        {
            var bytes = ManifestFile.Serialize(Sample());
            string path = _dir.Combine(DatasetLayout.ManifestFile);
            File.WriteAllBytes(path, System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Take(bytes, bytes.Length / 2)));
            var e = Assert.Throws<DatasetException>(() => ManifestFile.Read(path));
            Assert.That(e!.Message, Does.Contain("corrupted"));
            Assert.That(e.Message, Does.Contain(path));
        }

        [Test]
        public void FramePathOutsideFramesIsCorrupted()
        {
            var m = Sample();
            m.Frames[0].Path = "../../etc/passwd";
            string path = _dir.Combine(DatasetLayout.ManifestFile);
            File.WriteAllBytes(path, ManifestFile.Serialize(m));
            Assert.That(() => ManifestFile.Read(path), Throws.InstanceOf<DatasetException>().With.Message.Contains("not under frames/"));
        }
    }
}
