using System.Linq;
using Google.Protobuf;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Model;
using Sightline.Onnx;
using Sightline.Onnx.Format;
using Sightline.Onnx.Proto;

namespace Sightline.Tests.Onnx
{
    /// <summary>A tanh network exports as ONNX Tanh nodes and imports back as the same network, with or without Sightline's metadata.</summary>
    public class OnnxTanhTests
    {
        static TrainedModel TanhModel()
        {
            var spec = NetworkSpec.Mini(4).WithActivation(Activation.Tanh);
            return new TrainedModel(spec, OnnxTestModels.RandomParameters(spec, 71), null, InputNormalization.None);
        }

        [Test]
        public void TanhNetworkRoundTripsWithTanhNodes()
        {
            var model = TanhModel();
            var bytes = OnnxExporter.ToBytes(model);
            var proto = ModelProto.Parser.ParseFrom(bytes);
            Assert.That(proto.Graph.Node.Count(n => n.OpType == "Tanh"), Is.EqualTo(7));
            Assert.That(proto.Graph.Node.Count(n => n.OpType == "Relu"), Is.EqualTo(0));
            var back = OnnxImporter.Read(bytes, "tanh.onnx");
            Assert.That(back.Spec.Activation, Is.EqualTo(Activation.Tanh));
            Assert.That(back.Spec, Is.EqualTo(model.Spec));
            Assert.That(OnnxTestModels.FirstDifference(back.Parameters, model.Parameters), Is.EqualTo(-1));
        }

        [Test]
        public void TanhIsReadFromTheGraphWithoutMetadata()
        {
            var proto = ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(TanhModel()));
            proto.MetadataProps.Clear();
            var back = OnnxImporter.Read(proto.ToByteArray(), "bare.onnx", new OnnxImportOptions { Labels = new[] { "a", "b", "c", "d" } });
            Assert.That(back.Spec.Activation, Is.EqualTo(Activation.Tanh));
            Assert.That(back.Spec.Layers.Count(l => l.Kind == LayerKind.Tanh), Is.EqualTo(7));
        }

        [Test]
        public void MixedNonlinearitiesAreRefusedNamingTheNode()
        {
            var proto = ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(TanhModel()));
            proto.Graph.Node.First(n => n.Name == "tanh3").OpType = "Relu";
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(proto.ToByteArray(), "mixed.onnx"));
            Assert.That(e!.Message, Does.Contain("tanh3").And.Contain("one non-linearity"));
        }

        [Test]
        public void MetadataWithoutActivationMeansRelu()
        {
            var spec = OnnxMetadata.ParseSpec("preset=mini;classes=3;input=96;width=0.25;towers=2;lrn=true;overlap=true;drop=0.5;init=He");
            Assert.That(spec.Activation, Is.EqualTo(Activation.Relu));
            Assert.That(OnnxMetadata.FormatSpec(spec), Does.Not.Contain("activation"));
            Assert.That(OnnxMetadata.ParseSpec(OnnxMetadata.FormatSpec(spec.WithActivation(Activation.Tanh))).Activation, Is.EqualTo(Activation.Tanh));
        }
    }
}
