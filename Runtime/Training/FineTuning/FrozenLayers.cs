namespace Sightline.Training.FineTuning
{
    /// <summary>Which layers of a fine-tuned network keep their weights unchanged (no update, no weight decay).</summary>
    public enum FrozenLayers
    {
        /// <summary>Every layer trains (the kept ones at <see cref="TrainingSettings.KeptLayersRate"/> times the rate).</summary>
        None = 0,
        /// <summary>
        /// conv1-conv5 stay as they were: the features of a network trained on more data, with only the fully connected
        /// layers learning the new classes. The right start with a few hundred frames per class.
        /// </summary>
        Convolutions = 1,
    }
}
