using System.IO;
using NUnit.Framework;
using Sightline.PackageTool.UnityCompile;

namespace Sightline.Tests.UnityCompile
{
    /// <summary>
    /// compile-as-unity on small fake packages: each plants one mistake that compiles in the .NET build but not in
    /// Unity, and the check must fail naming the assembly, the define set and the error; the fixed package must pass.
    /// (The real package is checked by CI's `sightline-package compile-as-unity .`, about a minute.)
    /// </summary>
    public class CompileAsUnityTests
    {
        static (int exit, string output, string errors) Run(string root, string sets = "editor-linux,linux-il2cpp", params string[] packages)
        {
            var options = new CompileAsUnityOptions { Root = root, Sets = sets, NuGet = "none" };
            options.Packages.AddRange(packages);
            var output = new StringWriter();
            var errors = new StringWriter();
            int exit = CompileAsUnity.Run(options, output, errors);
            return (exit, output.ToString(), errors.ToString());
        }

        const string InternalHelper = "namespace A { internal static class Helper { public static int Seven() => 7; } }";
        const string UsesHelper = "namespace B { public static class User { public static int Get() => A.Helper.Seven(); } }";

        [Test]
        public void AnInternalUsedAcrossAssembliesFailsUntilTheSourcesGrantIt()
        {
            using var package = new FakePackage()
                .Asmdef("Runtime/A", "A")
                .Write("Runtime/A/Helper.cs", InternalHelper)
                .Asmdef("Runtime/B", "B", "\"references\": [\"A\"]")
                .Write("Runtime/B/User.cs", UsesHelper);

            var (exit, _, errors) = Run(package.Root);
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(errors, Does.Contain("ERROR B [editor-linux, linux-il2cpp]: Runtime/B/User.cs(1,71): error CS0122: 'Helper' is inaccessible"));

            // The grant must be in the sources: Unity never sees a csproj's InternalsVisibleTo items.
            package.Write("Runtime/A/AssemblyInfo.cs", "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"B\")]");
            var (fixedExit, output, fixedErrors) = Run(package.Root);
            Assert.That(fixedExit, Is.EqualTo(0), fixedErrors);
            Assert.That(output, Does.Contain("compile-as-unity passed"));
        }

        [Test]
        public void AMemberOnlyTheDotNetBuildDefinesFails()
        {
            using var package = new FakePackage()
                .Asmdef("Runtime/A", "A")
                .Write("Runtime/A/Api.cs", "namespace A { public static class Api {\n#if SIGHTLINE_DOTNET\n public static void DotNetOnly() { }\n#endif\n } }")
                .Asmdef("Runtime/B", "B", "\"references\": [\"A\"]")
                .Write("Runtime/B/Caller.cs", "namespace B { static class Caller { static void Call() => A.Api.DotNetOnly(); } }");

            var (exit, _, errors) = Run(package.Root);
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(errors, Does.Contain("ERROR B [editor-linux, linux-il2cpp]: Runtime/B/Caller.cs(1,65): error CS0117: 'Api' does not contain a definition for 'DotNetOnly'"));
        }

        [Test]
        public void EditorApiOutsideUnityEditorFailsInPlayerBuildsOnly()
        {
            using var package = new FakePackage()
                .Asmdef("Runtime", "R")
                .Write("Runtime/Saver.cs", "namespace R { static class Saver { static void Save() => UnityEditor.AssetDatabase.SaveAssets(); } }");

            var (exit, _, errors) = Run(package.Root);
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(errors, Does.Contain("ERROR R [linux-il2cpp]: Runtime/Saver.cs(1,58): error CS0103: The name 'UnityEditor' does not exist"), "UnityEditor is not referenced by player builds");
            Assert.That(errors, Does.Not.Contain("[editor-linux"), "in the Editor every assembly references UnityEditor");

            package.Write("Runtime/Saver.cs", "namespace R { static class Saver {\n#if UNITY_EDITOR\n static void Save() => UnityEditor.AssetDatabase.SaveAssets();\n#endif\n } }");
            Assert.That(Run(package.Root).exit, Is.EqualTo(0));
        }

        [Test]
        public void PlatformRulesDropAnAssemblyAndItsReferenceFromPlayers()
        {
            using var package = new FakePackage()
                .Asmdef("Runtime/Desktop", "Desktop", "\"includePlatforms\": [\"Editor\", \"LinuxStandalone64\"]")
                .Write("Runtime/Desktop/Gpu.cs", "namespace Desktop { public static class Gpu { public static bool Present => true; } }")
                .Asmdef("Runtime/Core", "Core", "\"references\": [\"Desktop\"]")
                .Write("Runtime/Core/Use.cs", "namespace Core { static class Use { static bool Has => Desktop.Gpu.Present; } }");

            var (linuxExit, _, _) = Run(package.Root, "linux-il2cpp");
            Assert.That(linuxExit, Is.EqualTo(0), "Desktop is built for Linux players");
            var (iosExit, output, errors) = Run(package.Root, "ios-il2cpp");
            Assert.That(iosExit, Is.EqualTo(1));
            Assert.That(errors, Does.Contain("ERROR Core [ios-il2cpp]: Runtime/Core/Use.cs"), "iOS builds no Desktop, so Unity drops the reference");
            Assert.That(output, Does.Match(@"ios-il2cpp\s+FAIL\s+--"), "the table shows Core failed and Desktop not built");
        }

        [Test]
        public void ScriptsOutsideEveryAsmdefAreReported()
        {
            using var package = new FakePackage().Write("Runtime/Loose.cs", "class Loose { }");
            var (exit, _, errors) = Run(package.Root);
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(errors, Does.Contain("Runtime/Loose.cs: belongs to no assembly definition, so Unity does not compile it"));
        }

        [Test]
        public void TestAssembliesCompileForTheEditorOnly()
        {
            using var package = new FakePackage()
                .Asmdef("Tests", "T", "\"defineConstraints\": [\"UNITY_INCLUDE_TESTS\"]", "\"overrideReferences\": true", "\"precompiledReferences\": [\"nunit.framework.dll\"]")
                .Write("Tests/SomeTests.cs", "using NUnit.Framework;\nnamespace T { public class SomeTests { [Test] public void Works() => Assert.That(1, Is.EqualTo(1)); } }");
            var (exit, output, errors) = Run(package.Root);
            Assert.That(exit, Is.EqualTo(0), errors);
            Assert.That(output, Does.Match(@"editor-linux\s+ok"));
            Assert.That(output, Does.Match(@"linux-il2cpp\s+--"));
        }

        [Test]
        public void VersionDefinesFollowTheExtraPackages()
        {
            using var other = new FakePackage("com.example.other", "1.2.0")
                .Asmdef("Runtime", "Other")
                .Write("Runtime/Thing.cs", "namespace Other { public static class Thing { public static int Value => 1; } }");
            using var package = new FakePackage()
                .Asmdef("Runtime", "Main", "\"references\": [\"Other\"]",
                    "\"versionDefines\": [{ \"name\": \"com.example.other\", \"expression\": \"[1.0,2.0)\", \"define\": \"HAS_OTHER\" }]")
                .Write("Runtime/Use.cs", "namespace Main { static class Use {\n#if HAS_OTHER\n static int V => Other.Thing.Value;\n#else\n static int V => Missing.Value;\n#endif\n } }");

            var (withExit, _, withErrors) = Run(package.Root, "editor-linux", other.Root);
            Assert.That(withExit, Is.EqualTo(0), "com.example.other 1.2.0 is in [1.0,2.0): HAS_OTHER is defined\n" + withErrors);
            var (withoutExit, _, withoutErrors) = Run(package.Root, "editor-linux");
            Assert.That(withoutExit, Is.EqualTo(1));
            Assert.That(withoutErrors, Does.Contain("'Missing'"), "without the package the #else branch compiles");
        }

        [Test]
        public void TwoPrecompiledDllsWithOneNameAreRefused()
        {
            string dll = typeof(CompileAsUnityTests).Assembly.Location;
            using var package = new FakePackage()
                .Asmdef("Runtime", "Main")
                .Write("Runtime/Empty.cs", "namespace Main { }");
            Directory.CreateDirectory(Path.Combine(package.Root, "Plugins"));
            File.Copy(dll, Path.Combine(package.Root, "Plugins", "Shared.dll"));
            string elsewhere = Path.Combine(package.Root, "Other~");
            Directory.CreateDirectory(elsewhere);
            File.Copy(dll, Path.Combine(elsewhere, "Shared.dll"));
            var options = new CompileAsUnityOptions { Root = package.Root, Sets = "editor-linux", NuGet = "none" };
            options.References.Add(elsewhere);
            var errors = new StringWriter();
            Assert.That(CompileAsUnity.Run(options, new StringWriter(), errors), Is.EqualTo(1));
            Assert.That(errors.ToString(), Does.Contain("two precompiled assemblies named Shared.dll"));
        }

        [TestCase("A", true)]
        [TestCase("!A", false)]
        [TestCase("B || A", true)]
        [TestCase("!A || !B", false)]
        [TestCase("!B || !C", true)]
        [TestCase("B || !C", true)]
        [TestCase("A || !A", false)]
        public void DefineConstraintsHoldAsInUnity(string constraint, bool holds)
        {
            var defines = new System.Collections.Generic.HashSet<string> { "A" };
            Assert.That(DefineConstraints.AllHold(new[] { constraint }, defines), Is.EqualTo(holds));
        }

        [TestCase("1.2.0", "1.0", true)]
        [TestCase("1.2.0", "[1.2.0]", true)]
        [TestCase("1.2.0", "[1.0,1.2.0)", false)]
        [TestCase("1.2.0", "(1.0,)", true)]
        [TestCase("1.2.0", "(,1.2.0]", true)]
        [TestCase("1.2.0-pre.1", "1.2.0", false)]
        [TestCase("2022.3.0f1", "2022.3", true)]
        public void VersionExpressionsMatchAsInUnity(string version, string expression, bool matches)
        {
            Assert.That(VersionDefineEvaluator.Matches(expression, version, "test", isUnity: version.Contains("f")), Is.EqualTo(matches));
        }

        [Test]
        public void ARangeFormUnityRejectsIsAnError()
        {
            Assert.That(() => VersionDefineEvaluator.Matches("[1.0,)", "1.2.0", "x.asmdef"),
                Throws.TypeOf<UnityCompileException>().With.Message.Contains("x.asmdef: versionDefines expression '[1.0,)' is invalid"));
        }
    }
}
