namespace Sightline.Training.Batches
{
    /// <summary>
    /// The paper's test views of a stored frame: the centre and four corner crops of the input size, each also
    /// mirrored. Real-time classification uses <see cref="Centre"/> only; the ten-view test averages all ten.
    /// </summary>
    public enum CropView
    {
        Centre = 0,
        TopLeft = 1,
        TopRight = 2,
        BottomLeft = 3,
        BottomRight = 4,
        CentreFlipped = 5,
        TopLeftFlipped = 6,
        TopRightFlipped = 7,
        BottomLeftFlipped = 8,
        BottomRightFlipped = 9,
    }
}
