using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Google.Protobuf;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Cpu;
using Sightline.Model;
using Sightline.Onnx;
using Sightline.Onnx.Proto;

namespace Sightline.Tests.Onnx
{
    /// <summary>
    /// AlexNets with nn.LocalResponseNorm exported the plain way by PyTorch 1.13 (Tests/Reference/export_plain_lrn.py
    /// wrote the files in Tests/Onnx/Data~ and PyTorch's probabilities beside them): torch.onnx decomposes LRN into a
    /// Mul/Pad/AveragePool/Pow/Div subgraph with shape plumbing, which the importer folds back into LRN.
    /// </summary>
    public class PlainTorchLrnImportTests
    {
        const int Size = 64;

        static string DataFile(string name) => Path.Combine(RepositoryFolder.Root(), "Tests", "Onnx", "Data~", name);

        // The same formula as export_plain_lrn.py's inputs(): x[n, i] = 2 sin(0.37 i + 1.3 n), in double, then float.
        static float[] Inputs(int batch)
        {
            int count = 3 * Size * Size;
            var x = new float[batch * count];
            for (int n = 0; n < batch; n++)
                for (int i = 0; i < count; i++) x[n * count + i] = (float)(2.0 * Math.Sin(0.37 * i + 1.3 * n));
            return x;
        }

        static float[][] TorchProbabilities(string name)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(DataFile(name + ".json")));
            return doc.RootElement.GetProperty("probabilities").EnumerateArray()
                .Select(row => row.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray();
        }

        static float[] CpuProbabilities(TrainedModel model, int batch)
        {
            var logits = new float[batch * model.Spec.Classes];
            using (var engine = new CpuEngine(model.Spec, batch))
            {
                engine.SetParameters(model.Parameters);
                engine.Forward(Inputs(batch), batch, logits, false);
            }
            var probabilities = new float[logits.Length];
            SoftmaxCrossEntropy.Softmax(model.Spec.Classes, batch, logits, probabilities);
            return probabilities;
        }

        static TrainedModel Import(string name) =>
            OnnxImporter.Load(DataFile(name + ".onnx"), new OnnxImportOptions { Normalization = InputNormalization.None });

        [TestCase("plain_lrn_one_tower", 1, false)]
        [TestCase("plain_lrn_per_tower", 2, false)]
        [TestCase("plain_lrn_across", 2, true)]
        public void PlainTorchExportImportsWithLrnAndMatchesPyTorch(string name, int towers, bool across)
        {
            var model = Import(name);
            Assert.That(model.Spec.LocalResponseNorm, Is.True);
            Assert.That(model.Spec.Towers, Is.EqualTo(towers));
            Assert.That(model.Spec.LrnAcrossTowers, Is.EqualTo(across), across ? "one LRN over both towers' channels is LRN across towers" : "split + LRN per part + cat (or one tower) is not");
            var lrn = model.Spec["lrn1"];
            Assert.That(lrn.Groups, Is.EqualTo(across ? 1 : towers));
            Assert.That(model.Spec["lrn2"].Groups, Is.EqualTo(lrn.Groups));
            Assert.That(lrn.LrnSize, Is.EqualTo(5));
            Assert.That(lrn.LrnAlpha, Is.EqualTo(1e-4f).Within(1e-9f));
            Assert.That(lrn.LrnBeta, Is.EqualTo(0.75f));
            Assert.That(lrn.LrnK, Is.EqualTo(2f));
            Assert.That(model.Spec.LayerWidths, Is.EqualTo(new[] { 8, 16, 24, 16, 16, 32, 32 }));

            var torch = TorchProbabilities(name);
            var ours = CpuProbabilities(model, torch.Length);
            float worst = 0f;
            for (int n = 0; n < torch.Length; n++)
                for (int c = 0; c < torch[n].Length; c++) worst = Math.Max(worst, Math.Abs(torch[n][c] - ours[n * torch[n].Length + c]));
            TestContext.Progress.WriteLine($"{name}: max |p_sightline - p_torch| = {worst:E2}");
            Assert.That(worst, Is.LessThan(1e-4f));
            Assert.That(torch.SelectMany(r => r).Max(), Is.LessThan(0.9f), "the fixture's probabilities are spread, so a wrong LRN shows");
        }

        [Test]
        public void PerTowerImportIsFarFromWhatLrnAcrossTowersWouldGive()
        {
            // PyTorch's probabilities for the same weights with one LRN across both towers: if they were within the
            // tolerance of the per-tower ones, the import test above could not tell the two networks apart.
            var model = Import("plain_lrn_per_tower");
            using var doc = JsonDocument.Parse(File.ReadAllText(DataFile("plain_lrn_per_tower.json")));
            var across = doc.RootElement.GetProperty("probabilitiesWithLrnAcrossTowers").EnumerateArray()
                .SelectMany(row => row.EnumerateArray().Select(v => (float)v.GetDouble())).ToArray();
            var ours = CpuProbabilities(model, 3);
            float largest = across.Select((p, k) => Math.Abs(p - ours[k])).Max();
            TestContext.Progress.WriteLine($"per-tower import vs LRN across towers: max difference {largest:E2}");
            Assert.That(largest, Is.GreaterThan(5e-3f));
        }

        [Test]
        public void AcrossImportIsFarFromTheSameWeightsWithLrnPerTower()
        {
            // The across network's weights run as the paper's per-tower network must give other probabilities, or the
            // test above could not tell the two networks apart.
            var model = Import("plain_lrn_across");
            var perTower = new TrainedModel(model.Spec.WithLrnAcrossTowers(false), model.Parameters, model.Labels, model.Normalization);
            var across = CpuProbabilities(model, 3);
            var within = CpuProbabilities(perTower, 3);
            float largest = across.Select((p, k) => Math.Abs(p - within[k])).Max();
            TestContext.Progress.WriteLine($"across import vs the same weights with LRN per tower: max difference {largest:E2}");
            Assert.That(largest, Is.GreaterThan(5e-3f));
        }

        static ModelProto Load(string name) => ModelProto.Parser.ParseFrom(File.ReadAllBytes(DataFile(name + ".onnx")));

        static OnnxImportException Refused(ModelProto model) =>
            Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(model.ToByteArray(), "edited.onnx"))!;

        [Test]
        public void PatternWithoutItsPowIsRefusedNamingTheNode()
        {
            var model = Load("plain_lrn_one_tower");
            var pow = model.Graph.Node.First(n => n.OpType == "Pow");
            model.Graph.Node.Remove(pow);
            var div = model.Graph.Node.First(n => n.OpType == "Div" && n.Input[1] == pow.Output[0]);
            div.Input[1] = pow.Input[0];
            var e = Refused(model);
            Assert.That(e.Message, Does.Contain($"node '{div.Name}' (Div)"));
            Assert.That(e.Message, Does.Contain("Pow by the constant beta"));
        }

        [Test]
        public void PatternWithAnotherPoolIsRefusedNamingTheNode()
        {
            var model = Load("plain_lrn_one_tower");
            var pool = model.Graph.Node.First(n => n.OpType == "AveragePool");
            pool.OpType = "MaxPool";
            var e = Refused(model);
            Assert.That(e.Message, Does.Contain($"node '{pool.Name}' (MaxPool)"));
        }

        [Test]
        public void PatternPaddingTheWrongAxisIsRefused()
        {
            var model = Load("plain_lrn_one_tower");
            var constant = model.Graph.Node.First(n => n.OpType == "Constant" &&
                n.Attribute[0].T.Dims.Count == 1 && n.Attribute[0].T.Dims[0] == 6 && n.Attribute[0].T.DataType == (int)TensorProto.Types.DataType.Int64);
            // torch's pads [0, 0, 0, 0, 2, 2] (per axis from the last, before/after) become [0, 0, 2, 2, 0, 0]: H instead of C.
            var bytes = new byte[48];
            BitConverter.GetBytes(2L).CopyTo(bytes, 16);
            BitConverter.GetBytes(2L).CopyTo(bytes, 24);
            constant.Attribute[0].T.RawData = ByteString.CopyFrom(bytes);
            var e = Refused(model);
            Assert.That(e.Message, Does.Contain("(Pad)"));
            Assert.That(e.Message, Does.Contain("pads only the channel axis"));
        }

        [Test]
        public void PatternEndingEarlyIsRefusedNamingItsStart()
        {
            var model = Load("plain_lrn_one_tower");
            int mul = model.Graph.Node.IndexOf(model.Graph.Node.First(n => n.OpType == "Mul"));
            var start = model.Graph.Node[mul];
            while (model.Graph.Node.Count > mul + 8) model.Graph.Node.RemoveAt(model.Graph.Node.Count - 1);
            var e = Refused(model);
            Assert.That(e.Message, Does.Contain($"node '{start.Name}' (Mul)"));
            Assert.That(e.Message, Does.Contain("graph ends before"));
        }

        [Test]
        public void MulThatIsNotASquareStillNamesTheOperator()
        {
            var model = Load("plain_lrn_one_tower");
            var mul = model.Graph.Node.First(n => n.OpType == "Mul");
            mul.Input[1] = model.Graph.Node.First(n => n.OpType == "Conv").Input[1];
            var e = Refused(model);
            Assert.That(e.Message, Does.Contain($"node '{mul.Name}' (Mul)"));
            Assert.That(e.Message, Does.Contain("operator 'Mul'"));
        }
    }
}
