namespace Sightline.Data
{
    public enum DatasetKind
    {
        /// <summary>frames/&lt;label&gt;/&lt;id&gt;.png with dataset.msgpack (written by <see cref="DatasetWriter"/>).</summary>
        Sightline = 0,
        /// <summary>&lt;label&gt;/&lt;image&gt; class folders, no manifest; every image is in the training split.</summary>
        ImageFolder = 1,
        /// <summary>train/, val/ or test/ folders, each holding &lt;label&gt;/&lt;image&gt; class folders.</summary>
        ImageFolderWithSplits = 2,
    }
}
