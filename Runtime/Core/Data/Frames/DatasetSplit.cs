namespace Sightline.Data
{
    /// <summary>Which part of the dataset a frame belongs to. Stored as its number in manifests and caches.</summary>
    public enum DatasetSplit
    {
        Train = 0,
        Validation = 1,
        Test = 2,
    }
}
