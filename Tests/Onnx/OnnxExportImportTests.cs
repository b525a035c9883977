using System.IO;
using System.Linq;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Model;
using Sightline.Onnx;
using Sightline.Onnx.Format;
using Sightline.Onnx.Proto;

namespace Sightline.Tests.Onnx
{
    public class OnnxExportImportTests
    {
        [Test]
        public void ExportThenImportGivesIdenticalWeightsSpecLabelsAndMean()
        {
            var model = OnnxTestModels.Mini(3);
            var path = OnnxTestModels.TempPath("mini.onnx");
            try
            {
                OnnxExporter.Save(model, path);
                var back = OnnxImporter.Load(path);
                Assert.That(back.Spec, Is.EqualTo(model.Spec));
                Assert.That(OnnxTestModels.FirstDifference(back.Parameters, model.Parameters), Is.EqualTo(-1), "weights round-trip bit for bit");
                Assert.That(back.Labels, Is.EqualTo(model.Labels));
                Assert.That(back.Normalization.MeanImageSize, Is.EqualTo(96));
                Assert.That(back.Normalization.Mean, Is.EqualTo(model.Normalization.Mean));
                Assert.That(back.Normalization.Std, Is.EqualTo(model.Normalization.Std));
                Assert.That(back.Normalization.PixelScale, Is.EqualTo(model.Normalization.PixelScale));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Test]
        public void SavingOverAnExistingFileReplacesIt()
        {
            var path = OnnxTestModels.TempPath("replace.onnx");
            try
            {
                OnnxExporter.Save(OnnxTestModels.Mini(1), path);
                var second = OnnxTestModels.Mini(2);
                OnnxExporter.Save(second, path);
                Assert.That(OnnxTestModels.FirstDifference(OnnxImporter.Load(path).Parameters, second.Parameters), Is.EqualTo(-1));
                Assert.That(File.Exists(path + ".tmp"), Is.False);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Test]
        public void PaperPresetRoundTripsWithThePapersParameterCount()
        {
            var spec = NetworkSpec.Paper(1000);
            var model = new TrainedModel(spec, OnnxTestModels.RandomParameters(spec, 5), null, InputNormalization.PerChannel(123.7f, 116.3f, 103.5f));
            var back = OnnxImporter.Read(OnnxExporter.ToBytes(model), "paper.onnx");
            Assert.That(back.Spec.ParameterCount, Is.EqualTo(60965224));
            Assert.That(back.Spec, Is.EqualTo(spec));
            Assert.That(OnnxTestModels.FirstDifference(back.Parameters, model.Parameters), Is.EqualTo(-1));
            Assert.That(back.Labels[999], Is.EqualTo("class999"));
            Assert.That(back.Normalization.Mean, Is.EqualTo(new[] { 123.7f, 116.3f, 103.5f }));
        }

        [Test]
        public void TheTwoTowersAreGroupedConvolutionsAndPerTowerLrn()
        {
            var graph = OnnxExporter.Build(OnnxTestModels.Mini(), "").Graph;
            long Group(string name) => graph.Node.Single(n => n.Name == name).Attribute.Single(a => a.Name == "group").I;
            Assert.That(Group("conv1"), Is.EqualTo(1));
            Assert.That(Group("conv2"), Is.EqualTo(2));
            Assert.That(Group("conv3"), Is.EqualTo(1));
            Assert.That(Group("conv4"), Is.EqualTo(2));
            Assert.That(Group("conv5"), Is.EqualTo(2));
            var split = graph.Node.Single(n => n.Name == "lrn1_split");
            Assert.That(split.OpType, Is.EqualTo("Split"));
            Assert.That(split.Output.Count, Is.EqualTo(2), "one part per tower");
            Assert.That(graph.Node.Count(n => n.OpType == "LRN"), Is.EqualTo(4), "LRN1 and LRN2, each on two halves");
            Assert.That(graph.Node.Single(n => n.Name == "lrn2").OpType, Is.EqualTo("Concat"));
            Assert.That(graph.Node.Any(n => n.OpType == "Dropout"), Is.False, "inverted dropout is the identity at inference");
        }

        [Test]
        public void FileDeclaresOpset17AndCarriesItsMetadata()
        {
            var proto = ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(OnnxTestModels.Mini()));
            Assert.That(proto.OpsetImport.Single().Version, Is.GreaterThanOrEqualTo(17));
            var props = proto.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
            Assert.That(props[OnnxMetadata.InputSizeKey], Is.EqualTo("96"));
            Assert.That(props[OnnxMetadata.LabelsKey].Split('\n').Length, Is.EqualTo(10));
            Assert.That(OnnxMetadata.ParseSpec(props[OnnxMetadata.SpecKey]), Is.EqualTo(NetworkSpec.Mini(10)));
            Assert.That(props.ContainsKey(OnnxMetadata.MeanKey), Is.True);
        }

        [Test]
        public void SpecTextRoundTripsExplicitWidthsAndAblations()
        {
            var specs = new[]
            {
                NetworkSpec.Torchvision(5),
                NetworkSpec.Mini(3).WithAblations(1, false, false),
                new NetworkSpec("custom", 4, 64, 0.5f, 2, true, true, 0.25f, InitScheme.Paper),
            };
            foreach (var spec in specs)
                Assert.That(OnnxMetadata.ParseSpec(OnnxMetadata.FormatSpec(spec)), Is.EqualTo(spec), spec.ToString());
        }

        [Test]
        public void AblationsExportAndImport()
        {
            var spec = NetworkSpec.Mini(4).WithAblations(1, false, false);
            var model = new TrainedModel(spec, OnnxTestModels.RandomParameters(spec, 9), null, InputNormalization.None);
            var back = OnnxImporter.Read(OnnxExporter.ToBytes(model), "ablation.onnx");
            Assert.That(back.Spec, Is.EqualTo(spec));
            Assert.That(OnnxTestModels.FirstDifference(back.Parameters, model.Parameters), Is.EqualTo(-1));
        }
    }
}
