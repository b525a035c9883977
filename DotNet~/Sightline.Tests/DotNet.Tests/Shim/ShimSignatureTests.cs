using System.IO;
using System.Linq;
using System.Reflection;
using NUnit.Framework;

namespace Sightline.Tests.Shim
{
    /// <summary>
    /// Every public type and member of the Unity API shim exists in Unity 2022.3 with the same signature: namespace,
    /// kind, static-ness, base type, parameter and return types, default values, accessors and attribute targets, as
    /// listed in DotNet~/UnityShim/UnitySignatures.txt (extracted from Unity's C# reference source by
    /// DotNet~/scripts/unity-signatures.py).
    /// </summary>
    public class ShimSignatureTests
    {
        static Assembly Shim => typeof(global::UnityEngine.Object).Assembly;

        static string ListPath => Path.Combine(RepositoryFolder.Root(), "DotNet~", "UnityShim", "UnitySignatures.txt");

        [Test]
        public void EveryShimMemberIsInUnity2022_3WithTheSameSignature()
        {
            var missing = ShimSignatures.Missing(Shim, ShimSignatures.Load(ListPath));
            Assert.That(missing, Is.Empty,
                "these shim declarations are not in Unity 2022.3 as written (fix the shim to match Unity; for a member added to the shim, " +
                "rerun python3 DotNet~/scripts/unity-signatures.py):\n" + string.Join("\n", missing));
        }

        [Test]
        public void TheCheckReadsTheWholeShim()
        {
            var lines = ShimSignatures.Of(Shim).ToList();
            Assert.That(lines, Does.Contain("type UnityEngine.Texture2D: class sealed : Texture"));
            Assert.That(lines, Does.Contain("method static UnityEngine.Input.GetKeyDown(KeyCode): bool"));
            Assert.That(lines.Count(l => l.StartsWith("type ")), Is.GreaterThan(50));
            Assert.That(lines.Any(l => l.Contains("UnityShim.")), Is.False, "the shim's own plumbing is not Unity API");
        }

        [Test]
        public void AWrongSignatureInTheListIsNamed()
        {
            // Plant a fault in a copy of the list: Unity's Input.GetKeyDown(KeyCode) declared as taking an int.
            var list = ShimSignatures.Load(ListPath);
            const string real = "method static UnityEngine.Input.GetKeyDown(KeyCode): bool";
            Assume.That(list.Contains(real), Is.True);
            list.Remove(real);
            list.Add("method static UnityEngine.Input.GetKeyDown(int): bool");
            Assert.That(ShimSignatures.Missing(Shim, list), Is.EqualTo(new[] { real }));
        }

        [Test]
        public void AShimMemberUnityLacksIsNamed()
        {
            // The same fault seen from the other side: the list without a type's line names that type.
            var list = ShimSignatures.Load(ListPath);
            string type = list.First(l => l.StartsWith("type UnityEngine.Mathf:"));
            list.Remove(type);
            Assert.That(ShimSignatures.Missing(Shim, list), Is.EqualTo(new[] { type }));
        }
    }
}
