using System;
using UnityEngine;
using UnityShim;
using Object = UnityEngine.Object;

namespace UnityEditor
{
    public class EditorWindow : ScriptableObject
    {
        public static T GetWindow<T>() where T : EditorWindow => throw ShimError.NotInUnity();
        public static T GetWindow<T>(string title) where T : EditorWindow => throw ShimError.NotInUnity();
        public GUIContent titleContent { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public Rect position { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public Vector2 minSize { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public void Repaint() => throw ShimError.NotInUnity();
        public void Show() => throw ShimError.NotInUnity();
        public void Close() => throw ShimError.NotInUnity();
    }

    // Keeps its arguments in Unity's public fields (the default priority as Unity computes it) so tests can read them.
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class MenuItem : Attribute
    {
        public string menuItem;
        public bool validate;
        public int priority;
        public MenuItem(string itemName) : this(itemName, false) { }
        public MenuItem(string itemName, bool isValidateFunction) : this(itemName, isValidateFunction, itemName.StartsWith("GameObject/Create Other") ? 10 : 1000) { }
        public MenuItem(string itemName, bool isValidateFunction, int priority)
        {
            menuItem = itemName;
            validate = isValidateFunction;
            this.priority = priority;
        }
    }

    public enum MessageType
    {
        None = 0,
        Info = 1,
        Warning = 2,
        Error = 3,
    }

    public sealed class EditorStyles
    {
        public static GUIStyle boldLabel => throw ShimError.NotInUnity();
        public static GUIStyle miniLabel => throw ShimError.NotInUnity();
        public static GUIStyle wordWrappedLabel => throw ShimError.NotInUnity();
    }

    public sealed class EditorGUI
    {
        public static void ProgressBar(Rect position, float value, string text) => throw ShimError.NotInUnity();
        public static void DrawRect(Rect rect, Color color) => throw ShimError.NotInUnity();
        public static void LabelField(Rect position, string label) => throw ShimError.NotInUnity();
        public static void LabelField(Rect position, string label, GUIStyle style) => throw ShimError.NotInUnity();
    }

    public sealed class EditorGUILayout
    {
        public static Object ObjectField(string label, Object obj, Type objType, bool allowSceneObjects, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static string TextField(string label, string text, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static int IntField(string label, int value, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static float FloatField(string label, float value, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static bool Toggle(string label, bool value, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static int Popup(string label, int selectedIndex, string[] displayedOptions, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static Enum EnumPopup(string label, Enum selected, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static float Slider(string label, float value, float leftValue, float rightValue, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static int IntSlider(string label, int value, int leftValue, int rightValue, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static void LabelField(string label, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static void LabelField(string label, string label2, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static void LabelField(string label, GUIStyle style, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static void HelpBox(string message, MessageType type) => throw ShimError.NotInUnity();
        public static void Space() => throw ShimError.NotInUnity();
        public static Vector2 BeginScrollView(Vector2 scrollPosition, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static void EndScrollView() => throw ShimError.NotInUnity();
    }

    public sealed class Handles
    {
        public static Color color { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public static void DrawAAPolyLine(float width, params Vector3[] points) => throw ShimError.NotInUnity();
        public static void DrawLine(Vector3 p1, Vector3 p2) => throw ShimError.NotInUnity();
    }

    public class EditorUtility
    {
        public static string OpenFolderPanel(string title, string folder, string defaultName) => throw ShimError.NotInUnity();
        public static string OpenFilePanel(string title, string directory, string extension) => throw ShimError.NotInUnity();
        public static string SaveFilePanel(string title, string directory, string defaultName, string extension) => throw ShimError.NotInUnity();
        public static string SaveFilePanelInProject(string title, string defaultName, string extension, string message) => UnityShim.Player.EditorAnswers.SavePanel(defaultName, extension);
        public static bool DisplayDialog(string title, string message, string ok) => UnityShim.Player.EditorAnswers.Dialog(title, message);
        public static bool DisplayDialog(string title, string message, string ok, string cancel) => throw ShimError.NotInUnity();
        public static void RevealInFinder(string path) => throw ShimError.NotInUnity();
        public static void SetDirty(Object target) { }
    }

    public sealed class EditorApplication
    {
        public delegate void CallbackFunction();
        public static CallbackFunction update;
        public static CallbackFunction delayCall;
        // Unity 2022.3: Editor/Mono/EditorApplication.cs. The harness never quits the editor.
        public static event Action quitting;
        public static bool isPlaying { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
    }

    public sealed class EditorGUIUtility : GUIUtility
    {
        public static void PingObject(Object obj) => throw ShimError.NotInUnity();
    }

    public sealed partial class Selection
    {
        public static Object activeObject { get => UnityShim.Player.World.SelectedObject; set => UnityShim.Player.World.SelectedObject = value; }
        public static Object[] objects { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
    }

    // The harness has no undo history: changes apply at once; PerformUndo is not modelled.
    public partial class Undo
    {
        public static T AddComponent<T>(GameObject gameObject) where T : Component => gameObject.AddComponent<T>();
        public static void RecordObject(Object objectToUndo, string name) { }
        public static void PerformUndo() => throw ShimError.NotInUnity();
        public static void IncrementCurrentGroup() => throw ShimError.NotInUnity();
    }

    public sealed partial class PrefabUtility
    {
        public static void RecordPrefabInstancePropertyModifications(Object targetObject) { }
    }

    public sealed class AssetDatabase
    {
        public static T LoadAssetAtPath<T>(string assetPath) where T : Object => throw ShimError.NotInUnity();
        public static string GetAssetPath(Object assetObject) => throw ShimError.NotInUnity();
        public static void CreateAsset(Object asset, string path) => throw ShimError.NotInUnity();
        public static void SaveAssets() => throw ShimError.NotInUnity();
        public static void Refresh() => throw ShimError.NotInUnity();
        public static void ImportAsset(string path) => throw ShimError.NotInUnity();
        public static bool IsValidFolder(string path) => throw ShimError.NotInUnity();
        public static string CreateFolder(string parentFolder, string newFolderName) => throw ShimError.NotInUnity();
        public static void SetImporterOverride<T>(string path) where T : AssetImporter => throw ShimError.NotInUnity();
        public static Type GetImporterOverride(string path) => throw ShimError.NotInUnity();
        public static Type GetDefaultImporter(string path) => throw ShimError.NotInUnity();
        public static bool DeleteAsset(string path) => throw ShimError.NotInUnity();
        // The harness imports no assets, so a search finds none.
        public static string[] FindAssets(string filter) => Array.Empty<string>();
        public static string GUIDToAssetPath(string guid) => throw ShimError.NotInUnity();
    }

    public class AssetPostprocessor
    {
    }

    public class AssetImporter : Object
    {
        public string assetPath => throw ShimError.NotInUnity();
    }
}

namespace UnityEditor.AssetImporters
{
    public abstract class ScriptedImporter : AssetImporter
    {
        public abstract void OnImportAsset(AssetImportContext ctx);
    }

    // Keeps its arguments (as Unity's does) so tests can read them.
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public class ScriptedImporterAttribute : Attribute
    {
        public int version { get; private set; }
        public string[] fileExtensions { get; private set; }
        public string[] overrideFileExtensions { get; private set; }
        public ScriptedImporterAttribute(int version, string[] exts) { this.version = version; fileExtensions = exts; }
        public ScriptedImporterAttribute(int version, string ext) { this.version = version; fileExtensions = new[] { ext }; }
        public ScriptedImporterAttribute(int version, string[] exts, string[] overrideExts)
        {
            this.version = version;
            fileExtensions = exts;
            overrideFileExtensions = overrideExts;
        }
    }

    public class AssetImportContext
    {
        internal AssetImportContext() { }
        public string assetPath => throw ShimError.NotInUnity();
        public void AddObjectToAsset(string identifier, Object obj) => throw ShimError.NotInUnity();
        public void AddObjectToAsset(string identifier, Object obj, Texture2D thumbnail) => throw ShimError.NotInUnity();
        public void SetMainObject(Object obj) => throw ShimError.NotInUnity();
        public void LogImportError(string msg, Object obj = null) => throw ShimError.NotInUnity();
        public void LogImportWarning(string msg, Object obj = null) => throw ShimError.NotInUnity();
    }
}

namespace UnityEditor.SceneManagement
{
    public enum NewSceneSetup
    {
        EmptyScene = 0,
        DefaultGameObjects = 1,
    }

    public enum NewSceneMode
    {
        Single = 0,
        Additive = 1,
    }

    public sealed class EditorSceneManager : UnityEngine.SceneManagement.SceneManager
    {
        // Overloads as Unity declares them (no optional parameters).
        public static UnityEngine.SceneManagement.Scene NewScene(NewSceneSetup setup) => NewScene(setup, NewSceneMode.Single);
        public static UnityEngine.SceneManagement.Scene NewScene(NewSceneSetup setup, NewSceneMode mode) => UnityShim.Player.EditorAnswers.NewScene(setup, mode);
        public static bool SaveScene(UnityEngine.SceneManagement.Scene scene) => SaveScene(scene, "", false);
        public static bool SaveScene(UnityEngine.SceneManagement.Scene scene, string dstScenePath) => SaveScene(scene, dstScenePath, false);
        public static bool SaveScene(UnityEngine.SceneManagement.Scene scene, string dstScenePath, bool saveAsCopy) => UnityShim.Player.EditorAnswers.SaveScene(dstScenePath);
        public static bool SaveCurrentModifiedScenesIfUserWantsTo() => true;
    }
}
