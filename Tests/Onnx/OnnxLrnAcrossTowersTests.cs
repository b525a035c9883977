using System.Linq;
using Google.Protobuf;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Cpu;
using Sightline.Model;
using Sightline.Onnx;
using Sightline.Onnx.Format;
using Sightline.Onnx.Proto;

namespace Sightline.Tests.Onnx
{
    /// <summary>
    /// A two-tower network whose LRN spans both towers' channels exports as one ONNX LRN node per layer and imports back
    /// as that network (NetworkSpec.LrnAcrossTowers), never as the paper's per-tower LRN, nor the other way round.
    /// </summary>
    public class OnnxLrnAcrossTowersTests
    {
        static TrainedModel Model(bool across)
        {
            var spec = NetworkSpec.Mini(4).WithLrnAcrossTowers(across);
            return new TrainedModel(spec, OnnxTestModels.RandomParameters(spec, 73), OnnxTestModels.Labels(4), InputNormalization.None);
        }

        [Test]
        public void AcrossTowersRoundTripsAsOneLrnNodePerLayer()
        {
            var model = Model(true);
            var bytes = OnnxExporter.ToBytes(model);
            var proto = ModelProto.Parser.ParseFrom(bytes);
            Assert.That(proto.Graph.Node.Where(n => n.OpType == "LRN").Select(n => n.Name).ToArray(), Is.EqualTo(new[] { "lrn1", "lrn2" }));
            Assert.That(proto.Graph.Node.Count(n => n.OpType == "Split"), Is.EqualTo(0));
            var back = OnnxImporter.Read(bytes, "across.onnx");
            Assert.That(back.Spec.LrnAcrossTowers, Is.True);
            Assert.That(back.Spec, Is.EqualTo(model.Spec));
            Assert.That(OnnxTestModels.FirstDifference(back.Parameters, model.Parameters), Is.EqualTo(-1));
        }

        [TestCase(true)]
        [TestCase(false)]
        public void TheGraphDecidesWithoutMetadata(bool across)
        {
            var proto = ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(Model(across)));
            proto.MetadataProps.Clear();
            var back = OnnxImporter.Read(proto.ToByteArray(), "bare.onnx", new OnnxImportOptions { Labels = OnnxTestModels.Labels(4) });
            Assert.That(back.Spec.Towers, Is.EqualTo(2));
            Assert.That(back.Spec.LrnAcrossTowers, Is.EqualTo(across));
        }

        [Test]
        public void ImportedAcrossNetworkComputesWhatItWasExportedFrom()
        {
            // The same weights through the CPU engine before export and after import; and measurably not the per-tower network.
            var model = Model(true);
            var back = OnnxImporter.Read(OnnxExporter.ToBytes(model), "across.onnx");
            var input = OnnxTestModels.RandomInput(model.Spec, 2, 74);
            float[] Logits(NetworkSpec spec, float[] parameters)
            {
                var logits = new float[2 * spec.Classes];
                using var engine = new CpuEngine(spec, 2);
                engine.SetParameters(parameters);
                engine.Forward(input, 2, logits, false);
                return logits;
            }
            var before = Logits(model.Spec, model.Parameters);
            Assert.That(Logits(back.Spec, back.Parameters), Is.EqualTo(before));
            var perTower = Logits(model.Spec.WithLrnAcrossTowers(false), model.Parameters);
            Assert.That(perTower, Is.Not.EqualTo(before), "the window's extent changes what the network computes");
        }

        [Test]
        public void MetadataThatDisagreesWithTheGraphIsRefused()
        {
            var proto = ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(Model(false)));
            var spec = proto.MetadataProps.First(p => p.Key == OnnxMetadata.SpecKey);
            spec.Value = OnnxMetadata.FormatSpec(NetworkSpec.Mini(4).WithLrnAcrossTowers(true));
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(proto.ToByteArray(), "claims.onnx"));
            Assert.That(e!.Message, Does.Contain("LRN across towers"));
        }

        [Test]
        public void PerTowerInOneLayerAndAcrossInTheOtherIsRefusedNamingBoth()
        {
            // The across export with lrn2 replaced by the per-tower export's Split, two LRNs and Concat.
            var proto = ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(Model(true)));
            var perTower = ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(Model(false)));
            proto.MetadataProps.Clear();
            int at = proto.Graph.Node.IndexOf(proto.Graph.Node.First(n => n.Name == "lrn2"));
            proto.Graph.Node.RemoveAt(at);
            var replacement = perTower.Graph.Node.Where(n => n.Name.StartsWith("lrn2")).ToList();
            Assert.That(replacement.Count, Is.EqualTo(4));
            for (int i = 0; i < replacement.Count; i++) proto.Graph.Node.Insert(at + i, replacement[i].Clone());
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(proto.ToByteArray(), "mixed.onnx", new OnnxImportOptions { Labels = OnnxTestModels.Labels(4) }));
            Assert.That(e!.Message, Does.Contain("lrn1").And.Contain("lrn2").And.Contain("alike"));
        }
    }
}
