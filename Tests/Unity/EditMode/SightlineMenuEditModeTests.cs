using System.Linq;
using System.Reflection;
using NUnit.Framework;
using Sightline.Editor.Menus;
using Sightline.Unity.Capture;
using Sightline.Unity.Classification;
using UnityEditor;
using UnityEditor.SceneManagement;
using UnityEngine;

namespace Sightline.Tests.Unity
{
    /// <summary>The GameObject > Sightline menu items inside the Unity Editor (Unity Test Runner, Edit Mode).</summary>
    public class SightlineMenuEditModeTests
    {
        Camera _camera = null!;

        [SetUp]
        public void NewSceneWithAMainCamera()
        {
            EditorSceneManager.NewScene(NewSceneSetup.EmptyScene, NewSceneMode.Single);
            var go = new GameObject("Main Camera", typeof(Camera));
            go.tag = "MainCamera";
            _camera = go.GetComponent<Camera>();
            Undo.IncrementCurrentGroup();
        }

        [Test]
        public void AddingAClassifierSetsItsSourceAndUndoRemovesIt()
        {
            SightlineMenu.AddClassifier();
            var classifier = _camera.GetComponent<SightlineClassifier>();
            Assert.That(classifier, Is.Not.Null);
            Assert.That(classifier.SourceCamera, Is.EqualTo(_camera));
            Undo.PerformUndo();
            Assert.That(_camera.GetComponent<SightlineClassifier>() == null, Is.True, "Undo left the classifier on the camera");
        }

        [Test]
        public void AddingAnOverlayPointsItAtTheCamerasClassifierAndUndoRemovesIt()
        {
            SightlineMenu.AddClassifier();
            Undo.IncrementCurrentGroup();
            SightlineMenu.AddOverlay();
            var overlay = _camera.GetComponent<Sightline.Unity.Overlay.SightlineOverlay>();
            Assert.That(overlay, Is.Not.Null);
            Assert.That(overlay.Classifier, Is.EqualTo(_camera.GetComponent<SightlineClassifier>()));
            Undo.PerformUndo();
            Assert.That(_camera.GetComponent<Sightline.Unity.Overlay.SightlineOverlay>() == null, Is.True, "Undo left the overlay on the camera");
            Assert.That(_camera.GetComponent<SightlineClassifier>(), Is.Not.Null, "Undo of the overlay kept the classifier");
        }

        [Test]
        public void AddingFrameCaptureTwiceAddsOneAndUndoRemovesIt()
        {
            SightlineMenu.AddFrameCapture();
            SightlineMenu.AddFrameCapture();
            Assert.That(_camera.GetComponents<FrameCapture>().Length, Is.EqualTo(1));
            Undo.PerformUndo();
            Assert.That(_camera.GetComponent<FrameCapture>() == null, Is.True, "Undo left the frame capture on the camera");
        }

        [Test]
        public void LabellingTheSelectionNamesItAfterTheObjectAndUndoRemovesIt()
        {
            var cube = GameObject.CreatePrimitive(PrimitiveType.Cube);
            cube.name = "Crate";
            Undo.IncrementCurrentGroup();
            Selection.activeObject = cube;
            SightlineMenu.LabelSelected();
            Assert.That(cube.GetComponent<SightlineLabel>().Label, Is.EqualTo("crate"));
            Undo.PerformUndo();
            Assert.That(cube.GetComponent<SightlineLabel>() == null, Is.True, "Undo left the label on the object");
        }

        [Test]
        public void TheItemsAreNotAmongTheHierarchysCreationItems()
        {
            var items = typeof(SightlineMenu).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .SelectMany(m => m.GetCustomAttributes<MenuItem>()).Where(a => a.menuItem.StartsWith("GameObject/")).ToList();
            Assert.That(items.Count, Is.EqualTo(4));
            Assert.That(items.Select(i => i.priority), Is.All.GreaterThanOrEqualTo(1000));
        }
    }
}
