using System.Linq;
using Google.Protobuf;
using NUnit.Framework;
using Sightline.Onnx;
using Sightline.Onnx.Proto;
using Sightline.Tests.Diagnostics.Fuzzing;

namespace Sightline.Tests.Onnx
{
    /// <summary>The CI budget of the ONNX importer's fuzzing (issue 11); see <see cref="ParserFuzzTests"/>.</summary>
    public class OnnxFuzzTests
    {
        [Test]
        public void ImporterSurvivesMutatedModels() => ParserFuzzTests.AssertClean(new OnnxFuzzTarget());

        [Test]
        public void SeedsAreOurOwnExportsAndImport()
        {
            var target = new OnnxFuzzTarget();
            Assert.That(target.Seeds.Count, Is.EqualTo(2));
            foreach (var seed in target.Seeds)
            {
                var model = OnnxImporter.Read(seed, "seed.onnx");
                Assert.That(model.Spec.Classes, Is.EqualTo(3));
            }
        }

        [Test]
        public void NodeWithoutOutputIsAnImportError()
        {
            // Found by fuzzing: a damaged node without outputs escaped as ArgumentOutOfRangeException.
            var model = ModelProto.Parser.ParseFrom(new OnnxFuzzTarget().Seeds[1]);
            var relu = model.Graph.Node.First(n => n.OpType == "Relu");
            relu.Output.Clear();
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(model.ToByteArray(), "damaged.onnx"));
            Assert.That(e!.Message, Does.StartWith("damaged.onnx:"));
            Assert.That(e.Message, Does.Contain("has no output"));
        }

        [Test]
        public void OutOfRangeMetadataNumberIsAnImportError()
        {
            // Found by fuzzing: a mean image size beyond int range escaped as OverflowException.
            var model = ModelProto.Parser.ParseFrom(new OnnxFuzzTarget().Seeds[0]);
            model.MetadataProps.First(p => p.Key == "sightline.mean_image_size").Value = "99999999999";
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(model.ToByteArray(), "metadata.onnx"));
            Assert.That(e!.Message, Does.StartWith("metadata.onnx:"));
            Assert.That(e.Message, Does.Contain("normalisation metadata"));
        }
    }
}
