using System;
using System.Collections.Generic;
using System.Linq;
using Sightline.Cli.Training;
using Sightline.Data;
using Sightline.Model;

namespace Sightline.Cli.Experiments
{
    /// <summary>What decides an experiment: fewer steps to the target training error, or a lower final validation error.</summary>
    public enum ExperimentMeasure
    {
        StepsToTarget,
        FinalValidationError,
    }

    /// <summary>One arm of an experiment: a name and the one switch it changes in an otherwise identical training request.</summary>
    public sealed class ExperimentVariant
    {
        public ExperimentVariant(string name, Action<TrainRequest> apply)
        {
            Name = name;
            Apply = apply;
        }

        public string Name { get; }
        public Action<TrainRequest> Apply { get; }
    }

    /// <summary>
    /// One of the paper's claims as a rerunnable comparison: two variants that differ in one switch, which of them the
    /// paper says wins (<see cref="PaperVariant"/>, always the first), by what measure, and the paper's words with their place.
    /// </summary>
    public sealed class PaperExperiment
    {
        public PaperExperiment(string name, string claim, string source, ExperimentMeasure measure, ExperimentVariant paper, ExperimentVariant other)
        {
            Name = name;
            Claim = claim;
            Source = source;
            Measure = measure;
            Variants = new[] { paper, other };
        }

        public string Name { get; }
        /// <summary>The paper's claim, quoted.</summary>
        public string Claim { get; }
        /// <summary>Where in Krizhevsky, Sutskever and Hinton (NIPS 2012) the claim is.</summary>
        public string Source { get; }
        public ExperimentMeasure Measure { get; }
        /// <summary>[0]: the paper's choice, [1]: the alternative it was compared with.</summary>
        public IReadOnlyList<ExperimentVariant> Variants { get; }
        public ExperimentVariant PaperVariant => Variants[0];

        const string Paper = "Krizhevsky, Sutskever, Hinton, \"ImageNet Classification with Deep Convolutional Neural Networks\", NIPS 2012";

        /// <summary>Every experiment, by name.</summary>
        public static IReadOnlyList<PaperExperiment> All { get; } = new[]
        {
            new PaperExperiment("relu-vs-tanh",
                "A four-layer convolutional neural network with ReLUs reaches a 25% training error rate on CIFAR-10 six times faster than an equivalent network with tanh neurons.",
                Paper + ", section 3.1 and Figure 1", ExperimentMeasure.StepsToTarget,
                new ExperimentVariant("relu", r => r.Activation = Activation.Relu),
                new ExperimentVariant("tanh", r => r.Activation = Activation.Tanh)),
            new PaperExperiment("lrn",
                "Response normalization reduces our top-1 and top-5 error rates by 1.4% and 1.2%, respectively.",
                Paper + ", section 3.3", ExperimentMeasure.FinalValidationError,
                new ExperimentVariant("lrn", r => { }),
                new ExperimentVariant("no-lrn", r => r.Variant = Then(r.Variant, s => s.WithAblations(s.Towers, false, s.OverlappingPooling)))),
            new PaperExperiment("overlapping-pooling",
                "This scheme reduces the top-1 and top-5 error rates by 0.4% and 0.3%, respectively, as compared with the non-overlapping scheme s = 2, z = 2 [...]. We generally observe during training that models with overlapping pooling find it slightly more difficult to overfit.",
                Paper + ", section 3.4", ExperimentMeasure.FinalValidationError,
                new ExperimentVariant("overlapping", r => { }),
                new ExperimentVariant("non-overlapping", r => r.Variant = Then(r.Variant, s => s.WithAblations(s.Towers, s.LocalResponseNorm, false)))),
            new PaperExperiment("towers",
                "This scheme reduces our top-1 and top-5 error rates by 1.7% and 1.2%, respectively, as compared with a net with half as many kernels in each convolutional layer trained on one GPU.",
                Paper + ", section 3.2", ExperimentMeasure.FinalValidationError,
                new ExperimentVariant("two-towers", r => { }),
                new ExperimentVariant("one-tower", r => r.Variant = Then(r.Variant, s => s.WithAblations(1, s.LocalResponseNorm, s.OverlappingPooling)))),
            new PaperExperiment("dropout",
                "Without dropout, our network exhibits substantial overfitting. Dropout roughly doubles the number of iterations required to converge.",
                Paper + ", section 4.2", ExperimentMeasure.FinalValidationError,
                new ExperimentVariant("dropout", r => { }),
                new ExperimentVariant("no-dropout", r => r.Variant = Then(r.Variant, s => s.WithDropProbability(0f)))),
            new PaperExperiment("augmentation",
                "Without this scheme, our network suffers from substantial overfitting, which would have forced us to use much smaller networks.",
                Paper + ", section 4.1", ExperimentMeasure.FinalValidationError,
                new ExperimentVariant("augmented", r => r.Augmentation = AugmentationChoice.Paper),
                new ExperimentVariant("centre-crop", r => r.Augmentation = AugmentationChoice.None)),
        };

        public static PaperExperiment Find(string name)
        {
            var found = All.FirstOrDefault(e => string.Equals(e.Name, (name ?? "").Trim(), StringComparison.OrdinalIgnoreCase));
            if (found == null) throw new UserInputException($"no experiment '{name}': expected one of {string.Join(", ", All.Select(e => e.Name))}");
            return found;
        }

        static Func<NetworkSpec, NetworkSpec> Then(Func<NetworkSpec, NetworkSpec>? first, Func<NetworkSpec, NetworkSpec> next) =>
            first == null ? next : s => next(first(s));
    }
}
