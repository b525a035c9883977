using UnityShim;

namespace UnityEngine
{
    public class GUIContent
    {
        public GUIContent() => throw ShimError.NotInUnity();
        public GUIContent(string text) => throw ShimError.NotInUnity();
        public GUIContent(string text, string tooltip) => throw ShimError.NotInUnity();
        public string text { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
    }

    public sealed class GUIStyle
    {
        public GUIStyle() => throw ShimError.NotInUnity();
        public GUIStyle(GUIStyle other) => throw ShimError.NotInUnity();
        public TextAnchor alignment { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public int fontSize { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
    }

    public enum TextAnchor
    {
        UpperLeft = 0,
        UpperCenter = 1,
        UpperRight = 2,
        MiddleLeft = 3,
        MiddleCenter = 4,
        MiddleRight = 5,
        LowerLeft = 6,
        LowerCenter = 7,
        LowerRight = 8,
    }

    public enum ScaleMode
    {
        StretchToFill = 0,
        ScaleAndCrop = 1,
        ScaleToFit = 2,
    }

    public sealed class GUILayoutOption
    {
        internal GUILayoutOption() => throw ShimError.NotInUnity();
    }

    public class GUI
    {
        public static bool enabled { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public static Color color { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public static void Label(Rect position, string text) => throw ShimError.NotInUnity();
        public static void Label(Rect position, string text, GUIStyle style) => throw ShimError.NotInUnity();
        public static void DrawTexture(Rect position, Texture image, ScaleMode scaleMode) => throw ShimError.NotInUnity();
    }

    public class GUILayout
    {
        public static void Label(string text, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static void Label(string text, GUIStyle style, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static bool Button(string text, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static bool Toggle(bool value, string text, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static void BeginHorizontal(params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static void EndHorizontal() => throw ShimError.NotInUnity();
        public static void BeginVertical(params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static void EndVertical() => throw ShimError.NotInUnity();
        public static Vector2 BeginScrollView(Vector2 scrollPosition, params GUILayoutOption[] options) => throw ShimError.NotInUnity();
        public static void EndScrollView() => throw ShimError.NotInUnity();
        public static void FlexibleSpace() => throw ShimError.NotInUnity();
        public static void Space(float pixels) => throw ShimError.NotInUnity();
        public static GUILayoutOption Width(float width) => throw ShimError.NotInUnity();
        public static GUILayoutOption Height(float height) => throw ShimError.NotInUnity();
        public static GUILayoutOption ExpandWidth(bool expand) => throw ShimError.NotInUnity();
    }

    public class GUIUtility
    {
    }

    public sealed partial class Event
    {
        public static Event current { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public EventType type { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
    }

    /// <summary>Only the event types the package tests; values as in UnityEngine.EventType.</summary>
    public enum EventType
    {
        MouseDown = 0,
        MouseUp = 1,
        Repaint = 7,
        Layout = 8,
    }

    public class GUILayoutUtility
    {
        public static Rect GetRect(float minWidth, float maxWidth, float minHeight, float maxHeight) => throw ShimError.NotInUnity();
        public static Rect GetRect(float width, float height) => throw ShimError.NotInUnity();
    }
}
