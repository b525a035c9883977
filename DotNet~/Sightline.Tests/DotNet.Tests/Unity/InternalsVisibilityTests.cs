using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Sightline.Tests.Unity
{
    /// <summary>
    /// Unity compiles an assembly from its folder's sources alone, so every InternalsVisibleTo that a csproj grants
    /// to another Unity assembly must also be declared in a source file of that folder.
    /// </summary>
    public class InternalsVisibilityTests
    {
        static readonly Regex CompileFolder = new Regex(@"<Compile Include=""\$\(RepoRoot\)/(Runtime/[^/""]+)/\*\*/\*\.cs""");
        static readonly Regex CsprojGrant = new Regex(@"<InternalsVisibleTo Include=""([^""]+)""");
        static readonly Regex SourceGrant = new Regex(@"\[assembly:\s*InternalsVisibleTo\(""([^""]+)""\)\]");
        static readonly Regex AsmdefName = new Regex(@"""name""\s*:\s*""([^""]+)""");

        public static IEnumerable<string> RuntimeProjects()
        {
            string dotnet = Path.Combine(RepositoryFolder.Root(), "DotNet~");
            return Directory.GetFiles(dotnet, "*.csproj", SearchOption.AllDirectories)
                .Where(p => !p.Contains(Path.DirectorySeparatorChar + "artifacts" + Path.DirectorySeparatorChar))
                .Where(p => CompileFolder.IsMatch(File.ReadAllText(p)))
                .Select(p => Path.GetRelativePath(dotnet, p).Replace('\\', '/'))
                .OrderBy(p => p);
        }

        [TestCaseSource(nameof(RuntimeProjects))]
        public void EveryGrantToAUnityAssemblyIsInTheSources(string project)
        {
            string root = RepositoryFolder.Root();
            string csproj = File.ReadAllText(Path.Combine(root, "DotNet~", project));
            string folder = Path.Combine(root, CompileFolder.Match(csproj).Groups[1].Value);
            var unityAssemblies = new HashSet<string>(Directory.GetFiles(root, "*.asmdef", SearchOption.AllDirectories)
                .Select(p => AsmdefName.Match(File.ReadAllText(p)).Groups[1].Value));
            var inSources = new HashSet<string>(Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                .SelectMany(p => SourceGrant.Matches(File.ReadAllText(p)).Select(m => m.Groups[1].Value)));
            var missing = CsprojGrant.Matches(csproj).Select(m => m.Groups[1].Value)
                .Where(unityAssemblies.Contains)
                .Where(name => !inSources.Contains(name))
                .ToList();
            Assert.That(missing, Is.Empty,
                $"{project} lets these Unity assemblies see internals, but no source file under {Path.GetRelativePath(root, folder)} " +
                "declares [assembly: InternalsVisibleTo(...)] for them, so Unity would not compile them");
        }
    }
}
