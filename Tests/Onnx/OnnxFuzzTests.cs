using NUnit.Framework;
using Sightline.Onnx;
using Sightline.Tests.Core.Reliability;

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
    }
}
