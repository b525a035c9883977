using System;
using Sightline.Model;

namespace Sightline.Training.Checkpoints
{
    /// <summary>
    /// A training run on disk (.slckpt): its model (spec, weights, labels, normalisation) and its training state
    /// (momentum, position, random states, history), two separate parts as in llm.c. <see cref="Model"/> alone is
    /// what a model file, an ONNX export or a model asset holds. Saved and loaded by <see cref="CheckpointFile"/>.
    /// </summary>
    public sealed class Checkpoint
    {
        public Checkpoint(TrainedModel model, TrainingState state)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            State = state ?? throw new ArgumentNullException(nameof(state));
            if (state.Momentum.Length != 0 && state.Momentum.Length != model.Parameters.Length)
                throw new ArgumentException($"the state holds {state.Momentum.Length} momentum values for {model.Parameters.Length} weights", nameof(state));
        }

        public TrainedModel Model { get; }
        public TrainingState State { get; }
    }
}
