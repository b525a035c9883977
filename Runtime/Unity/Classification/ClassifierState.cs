#nullable enable
namespace Sightline.Unity.Classification
{
    public enum ClassifierState
    {
        /// <summary>The component is disabled.</summary>
        Disabled = 0,
        /// <summary>Loading the model, creating the engine and warming up, off the main thread.</summary>
        Loading = 1,
        /// <summary>Classifying frames.</summary>
        Ready = 2,
        /// <summary>Loading failed; <see cref="SightlineClassifier.StatusMessage"/> says why.</summary>
        Failed = 3,
    }
}
