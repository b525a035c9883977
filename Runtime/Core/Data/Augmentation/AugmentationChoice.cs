namespace Sightline.Data
{
    /// <summary>
    /// Which training augmentation a run uses. The paper's recipe suits photographs of objects whose mirror image is the
    /// same object; a game's frames are often not like that (text, digits, UI, arrows, anything with a left and a right),
    /// and on small data a weaker recipe often wins. Saved in checkpoints, so a resumed run keeps it.
    /// </summary>
    public enum AugmentationChoice
    {
        /// <summary>
        /// The paper: random crops of the input size from the stored frame, horizontal flips, PCA lighting. For natural
        /// images and 3D objects seen from any side.
        /// </summary>
        Paper = 0,
        /// <summary>Random crops only (no flips, no lighting): small data where the colours matter, or a first try.</summary>
        CropsOnly = 1,
        /// <summary>Random crops and PCA lighting, never a flip: text, digits, UI, arrows, anything with handedness.</summary>
        NoFlips = 2,
        /// <summary>The centre crop of every frame, unchanged: fixed cameras, aligned captures, or a baseline.</summary>
        None = 3,
    }
}
