using System.IO;
using UnityEditor.SceneManagement;
using UnityEngine;

namespace UnityShim.Player
{
    /// <summary>
    /// What the Editor calls a scene builder makes come to in the harness: a new scene with Unity's default objects,
    /// a save panel that answers Assets/&lt;default name&gt;.&lt;extension&gt;, dialogs that are recorded and accepted.
    /// </summary>
    internal static class EditorAnswers
    {
        internal static string SavePanel(string defaultName, string extension) => $"Assets/{defaultName}.{extension}";

        internal static bool Dialog(string title, string message)
        {
            World.Dialogs.Add(title + ": " + message);
            return true;
        }

        internal static UnityEngine.SceneManagement.Scene NewScene(NewSceneSetup setup, NewSceneMode mode)
        {
            if (World.IsPlaying) throw new HarnessException("EditorSceneManager.NewScene is an Editor call: not in play mode");
            if (mode == NewSceneMode.Single)
            {
                foreach (var gameObject in World.Objects.ToArray()) Lifecycle.DestroyNow(gameObject);
                World.Objects.Clear();
            }
            World.SceneName = "Untitled";
            World.ScenePath = "";
            if (setup == NewSceneSetup.DefaultGameObjects)
            {
                // The new-scene defaults: a camera tagged MainCamera and a directional light, placed as Unity places them.
                var camera = new GameObject("Main Camera");
                camera.m_Tag = "MainCamera";
                Lifecycle.AddComponent(camera, typeof(Camera));
                camera.transform.position = new Vector3(0f, 1f, -10f);
                var light = new GameObject("Directional Light");
                var lamp = (Light)Lifecycle.AddComponent(light, typeof(Light));
                lamp.type = LightType.Directional;
                light.transform.position = new Vector3(0f, 3f, 0f);
                light.transform.rotation = Quaternion.Euler(50f, -30f, 0f);
            }
            return default;
        }

        internal static bool SaveScene(string path)
        {
            if (!string.IsNullOrEmpty(path))
            {
                World.ScenePath = path;
                World.SceneName = Path.GetFileNameWithoutExtension(path);
            }
            return true;
        }
    }
}
