#nullable enable
using Sightline.Classification;
using Sightline.Unity.Classification;
using UnityEngine;

namespace Sightline.Unity.Overlay
{
    /// <summary>
    /// Shows a <see cref="SightlineClassifier"/>'s latest top-k labels and probabilities on screen, each with a bar,
    /// in a corner chosen in the Inspector, with its colours and size; drawn with IMGUI (OnGUI), so it shows in the
    /// Game view and in builds without a Canvas. Results come from the classifier's Classified event, on the main thread.
    /// </summary>
    [AddComponentMenu("Sightline/Sightline Overlay")]
    public sealed class SightlineOverlay : MonoBehaviour
    {
        [SerializeField, Tooltip("The classifier whose results are shown; empty: the one on this object.")]
        private SightlineClassifier? classifier;
        [Header("Layout")]
        [SerializeField, Tooltip("The screen corner the panel sits in.")]
        private OverlayAnchor anchor = OverlayAnchor.UpperLeft;
        [SerializeField, Range(1, 10), Tooltip("How many labels to show, most probable first (at most the classifier's Top K).")]
        private int topK = 3;
        [SerializeField, Min(0f), Tooltip("Pixels between the panel and the screen's edges.")]
        private float margin = 10f;
        [SerializeField, Min(60f), Tooltip("Width of the panel in pixels.")]
        private float width = 260f;
        [SerializeField, Min(12f), Tooltip("Height of a row in pixels.")]
        private float rowHeight = 22f;
        [SerializeField, Tooltip("Show the classifier's state and engine above the labels.")]
        private bool showStatus = true;
        [Header("Colours")]
        [SerializeField] private Color textColour = new Color(1f, 1f, 1f, 1f);
        [SerializeField] private Color barColour = new Color(0.25f, 0.65f, 1f, 0.85f);
        [SerializeField] private Color backgroundColour = new Color(0f, 0f, 0f, 0.55f);

        SightlineClassifier? _subscribed;
        ClassificationResult? _latest;

        public SightlineClassifier? Classifier => classifier;
        public OverlayAnchor Anchor => anchor;
        public int TopK => topK;
        /// <summary>The result on screen (null until the classifier delivers one).</summary>
        public ClassificationResult? Shown => _latest;

        /// <summary>Shows <paramref name="source"/>'s results from now on.</summary>
        public void SetClassifier(SightlineClassifier source)
        {
            classifier = source;
            // Outside Play mode (a menu item setting the field) OnEnable has not run and nothing listens yet.
            if (isActiveAndEnabled && Application.isPlaying) Subscribe();
        }

        public void SetAnchor(OverlayAnchor corner) => anchor = corner;

        /// <summary>Shows the <paramref name="count"/> most probable labels (1 to 10).</summary>
        public void SetTopK(int count)
        {
            if (count < 1 || count > 10) throw new System.ArgumentOutOfRangeException(nameof(count), count, "the overlay shows 1 to 10 labels");
            topK = count;
        }

        void OnEnable()
        {
            if (classifier == null) classifier = GetComponent<SightlineClassifier>();
            Subscribe();
        }

        void OnDisable() => Unsubscribe();

        void Subscribe()
        {
            Unsubscribe();
            if (classifier == null) return;
            _subscribed = classifier;
            _subscribed.Classified += Show;
            _latest = classifier.LatestResult;
        }

        void Unsubscribe()
        {
            if (_subscribed != null) _subscribed.Classified -= Show;
            _subscribed = null;
        }

        void Show(ClassificationResult result) => _latest = result;

        void OnGUI()
        {
            var lines = OverlayLayout.Lines(_latest, topK);
            string status = classifier == null ? "Sightline Overlay: assign a Sightline Classifier"
                : showStatus ? $"{classifier.State} {classifier.EngineName}".Trim() : "";
            int rows = lines.Count + (status.Length > 0 ? 1 : 0);
            if (rows == 0) return;
            float height = rows * rowHeight + 8f;
            var (x, y) = OverlayLayout.Panel(anchor, Screen.width, Screen.height, width, height, margin);
            var previous = GUI.color;
            GUI.color = backgroundColour;
            GUI.DrawTexture(new Rect(x, y, width, height), Texture2D.whiteTexture, ScaleMode.StretchToFill);
            float row = y + 4f;
            if (status.Length > 0)
            {
                GUI.color = textColour;
                GUI.Label(new Rect(x + 6f, row, width - 12f, rowHeight), status);
                row += rowHeight;
            }
            foreach (var line in lines)
            {
                GUI.color = barColour;
                GUI.DrawTexture(new Rect(x + 4f, row + 2f, (width - 8f) * line.Bar, rowHeight - 4f), Texture2D.whiteTexture, ScaleMode.StretchToFill);
                GUI.color = textColour;
                GUI.Label(new Rect(x + 6f, row, width - 12f, rowHeight), line.Text);
                row += rowHeight;
            }
            GUI.color = previous;
        }
    }
}
