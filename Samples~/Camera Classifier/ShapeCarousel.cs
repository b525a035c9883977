#nullable enable
using System;
using UnityEngine;

namespace Sightline.Samples.CameraClassifier
{
    /// <summary>
    /// Shows one of its shapes at a time, switching every few seconds, so the camera sees a single object (what the
    /// sample's model was trained on) and the classifier's answer changes with it.
    /// </summary>
    [AddComponentMenu("Sightline/Samples/Shape Carousel")]
    public sealed class ShapeCarousel : MonoBehaviour
    {
        [SerializeField, Tooltip("The objects shown in turn.")]
        private GameObject[] shapes = Array.Empty<GameObject>();
        [SerializeField, Min(0.1f), Tooltip("Seconds each shape is shown.")]
        private float secondsPerShape = 3f;

        int _current;
        float _shownFor;

        /// <summary>The shape in view.</summary>
        public GameObject? Current => shapes.Length == 0 ? null : shapes[_current];

        /// <summary>Sets the shapes (the scene builder calls this) and shows the first.</summary>
        public void SetShapes(params GameObject[] objects)
        {
            shapes = objects ?? throw new ArgumentNullException(nameof(objects));
            Show(0);
        }

        void OnEnable() => Show(0);

        void Update()
        {
            if (shapes.Length < 2) return;
            _shownFor += Time.deltaTime;
            if (_shownFor < secondsPerShape) return;
            Show((_current + 1) % shapes.Length);
        }

        void Show(int index)
        {
            _current = shapes.Length == 0 ? 0 : index;
            _shownFor = 0f;
            for (int i = 0; i < shapes.Length; i++)
                if (shapes[i] != null) shapes[i].SetActive(i == _current);
        }
    }
}
