namespace Sightline.Unity.Overlay
{
    /// <summary>The screen corner the overlay's panel sits in.</summary>
    public enum OverlayAnchor
    {
        UpperLeft,
        UpperRight,
        LowerLeft,
        LowerRight,
    }
}
