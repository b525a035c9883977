using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Sightline.Editor.Menus;
using UnityEditor;

namespace Sightline.Tests.Unity
{
    public class MenuItemTests
    {
        static MenuItem[] GameObjectItems() =>
            typeof(SightlineMenu).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .SelectMany(m => m.GetCustomAttributes<MenuItem>())
                .Where(a => a.menuItem.StartsWith("GameObject/"))
                .ToArray();

        // Low GameObject priorities are creation items (Unity gives old "Create Other" items 10 so they reach the
        // Hierarchy's + menu, and everything else 1000); these items create nothing.
        [Test]
        public void GameObjectItemsSitWithTheActionsNotTheCreationItems()
        {
            var items = GameObjectItems();
            Assert.That(items.Length, Is.EqualTo(4));
            Assert.That(items.Select(i => i.priority), Is.All.GreaterThanOrEqualTo(1000));
        }

        // Scene changes outside Undo cannot be undone and do not mark the scene (or a prefab override) modified.
        [Test]
        public void MenuItemsChangeTheSceneOnlyThroughUndo()
        {
            string source = File.ReadAllText(Path.Combine(RepositoryFolder.Root(), "Editor", "Menus", "SightlineMenu.cs"));
            var direct = Regex.Matches(source, @"(?<!Undo)\.AddComponent<").Count;
            Assert.That(direct, Is.EqualTo(0), "SightlineMenu adds a component without Undo.AddComponent");
            Assert.That(source, Does.Contain("Undo.RecordObject(").And.Contain("EditorUtility.SetDirty(").And.Contain("PrefabUtility.RecordPrefabInstancePropertyModifications("));
        }
    }
}
