using Sightline.Render.Scenes;

namespace Sightline.Render
{
    /// <summary>One rendered camera view: RGB8 pixels (row-major, top row first) and the kind of the object in view.</summary>
    public sealed class RenderedFrame
    {
        public RenderedFrame(int index, int size, byte[] rgb, ShapeKind label, Scene scene, float mainObjectCoverage)
        {
            MainObjectCoverage = mainObjectCoverage;
            Index = index;
            Size = size;
            Rgb = rgb;
            Label = label;
            Scene = scene;
        }

        /// <summary>Position in the generated sequence; the frame is a pure function of (seed, index).</summary>
        public int Index { get; }
        public int Size { get; }
        public byte[] Rgb { get; }
        public ShapeKind Label { get; }
        public Scene Scene { get; }
        /// <summary>Fraction of the pixels that show the labelled object.</summary>
        public float MainObjectCoverage { get; }
        /// <summary>The label as a folder name ("cube", "sphere", ...).</summary>
        public string LabelName => ShapeNames.Of(Label);
    }
}
