using System.Linq;
using NUnit.Framework;
using Sightline.PackageTool.Checks;

namespace Sightline.Tests.Package
{
    /// <summary>The tarball check refuses a folder that carries what the UPM tarball must leave out.</summary>
    public class TarballChecksTests
    {
        [Test]
        public void TheRepositoryItselfIsNotATarball()
        {
            // The repository holds DotNet~ and Native~ (and build output under DotNet~/artifacts): package.json's
            // "files" keeps them out of `npm pack`; the check must notice when they get in.
            var problems = TarballChecks.Check(PackageCopy.RepositoryRoot()).Select(p => p.ToString()).ToList();
            Assert.That(problems, Has.Some.StartsWith("DotNet~: must not be in the tarball"));
            Assert.That(problems, Has.Some.StartsWith("Native~: must not be in the tarball"));
            Assert.That(problems, Has.Some.Contains(".csproj: a project file in the tarball"));
        }
    }
}
