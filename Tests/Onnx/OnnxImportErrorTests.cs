using System;
using System.IO;
using System.Linq;
using Google.Protobuf;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Onnx;
using Sightline.Onnx.Proto;
using Sightline.Randomness;

namespace Sightline.Tests.Onnx
{
    public class OnnxImportErrorTests
    {
        static byte[] MiniBytes() => OnnxExporter.ToBytes(OnnxTestModels.Mini(71));

        [Test]
        public void TruncatedFileIsRefusedNamingTheFile()
        {
            var bytes = MiniBytes();
            var path = OnnxTestModels.TempPath("truncated.onnx");
            File.WriteAllBytes(path, bytes.Take(bytes.Length / 2).ToArray());
            try
            {
                var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Load(path));
                Assert.That(e!.Message, Does.StartWith(path + ":"));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestCase(1)]
        [TestCase(2)]
        [TestCase(3)]
        public void CorruptedBytesAreRefused(int seed)
        {
            var bytes = MiniBytes();
            var random = new SeededRandom((ulong)seed);
            // Overwrite the start (the graph's structure) with noise.
            for (int i = 0; i < 64; i++) bytes[i] = (byte)random.NextInt(256);
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(bytes, "noise.onnx"));
            Assert.That(e!.Message, Does.StartWith("noise.onnx:"));
        }

        [Test]
        public void NotAnOnnxFileAtAllIsRefused()
        {
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(System.Text.Encoding.UTF8.GetBytes("this is a text file, not ONNX"), "notes.txt"));
            Assert.That(e!.Message, Does.StartWith("notes.txt:"));
        }

        [Test]
        public void MissingFileIsAnImportError()
        {
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Load("/no/such/dir/model.onnx"));
            Assert.That(e!.Message, Does.Contain("/no/such/dir/model.onnx"));
        }

        [Test]
        public void UnsupportedOperatorIsRefusedNamingTheNode()
        {
            var proto = ModelProto.Parser.ParseFrom(MiniBytes());
            var relu = proto.Graph.Node.First(n => n.Name == "relu3");
            relu.OpType = "Sigmoid";
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(proto.ToByteArray(), "sigmoid.onnx"));
            Assert.That(e!.Message, Does.Contain("'relu3'").And.Contain("Sigmoid"));
        }

        [Test]
        public void WrongKernelIsRefusedNamingTheNodeAndTheExpectedGeometry()
        {
            var proto = ModelProto.Parser.ParseFrom(MiniBytes());
            var conv = proto.Graph.Node.First(n => n.Name == "conv4");
            conv.Attribute.First(a => a.Name == "pads").Ints[0] = 0;
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(proto.ToByteArray(), "pads.onnx"));
            Assert.That(e!.Message, Does.Contain("'conv4'"));
        }

        [Test]
        public void ExtraLayerAfterFc8IsRefused()
        {
            var proto = ModelProto.Parser.ParseFrom(MiniBytes());
            var last = proto.Graph.Node.Last();
            last.Output[0] = "fc8_out";
            var softmax = new NodeProto { Name = "prob", OpType = "Softmax" };
            softmax.Input.Add("fc8_out");
            softmax.Output.Add("logits");
            proto.Graph.Node.Add(softmax);
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(proto.ToByteArray(), "softmax.onnx"));
            Assert.That(e!.Message, Does.Contain("'prob'").And.Contain("Softmax"));
        }

        [Test]
        public void InputSizeThatDisagreesWithTheWeightsIsRefused()
        {
            // Made for 80x80 input (pool5 is 1x1x8), declared as 96x96 (pool5 would be 2x2x8): fc6's weights do not fit.
            var spec = OnnxTestModels.SmallTorchvisionLayout();
            var proto = ModelProto.Parser.ParseFrom(OnnxTestModels.TorchvisionGraph(spec, new float[spec.ParameterCount]));
            proto.Graph.Input[0].Type.TensorType.Shape.Dim[2].DimValue = 96;
            proto.Graph.Input[0].Type.TensorType.Shape.Dim[3].DimValue = 96;
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(proto.ToByteArray(), "small96.onnx"));
            Assert.That(e!.Message, Does.Contain("fc6").And.Contain("input size 96"));
        }

        [Test]
        public void MetadataThatContradictsTheGraphIsRefused()
        {
            var proto = ModelProto.Parser.ParseFrom(MiniBytes());
            var spec = proto.MetadataProps.First(p => p.Key == Sightline.Onnx.Format.OnnxMetadata.SpecKey);
            spec.Value = spec.Value.Replace("classes=10", "classes=12");
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(proto.ToByteArray(), "lies.onnx"));
            Assert.That(e!.Message, Does.Contain("lies.onnx").And.Contain("12 classes"));
        }

#if SIGHTLINE_ONNXRUNTIME
        [Test]
        public void FrameOfAnotherSizeIsRefusedWhenTheClassifierDoesNotResize()
        {
            var model = OnnxTestModels.Mini();
            using var classifier = new ImageClassifier(new OnnxRuntimeEngine(model), model, new ClassifierOptions { ResizeFrames = false });
            var e = Assert.Throws<ArgumentException>(() => classifier.ClassifyAsync(OnnxTestModels.RandomFrame(224, 224, 1)));
            Assert.That(e!.Message, Does.Contain("224x224").And.Contain("96x96"));
        }
#endif
    }
}
