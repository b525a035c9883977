namespace Sightline.Training.Batches
{
    /// <summary>Which part of the data a batch comes from.</summary>
    public enum DataPart
    {
        Train,
        Validation,
    }
}
