#nullable enable
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Sightline.Classification;
using Sightline.Imaging;
using Sightline.Unity.Engines;
using Sightline.Unity.Models;

namespace Sightline.Unity.Classification
{
    /// <summary>
    /// The <see cref="ClassifierRunner"/>s in use: one per model asset (and its content), engine choice and TF32
    /// setting, created by the first component that asks (off the main thread), counted per user, and disposed off
    /// the main thread when the last user lets go. Main thread only, as components enable and disable there.
    /// </summary>
    public static class ClassifierRunners
    {
        /// <summary>Frames one engine call may classify together: each user has one frame in flight at most.</summary>
        public const int MaxBatch = 4;

        sealed class Entry
        {
            public Entry(SightlineModel model, byte[] bytes, EngineChoice engine, bool tensorCores, UserCount users, Task<ClassifierRunner> loading)
            {
                Users = users;
                Model = model;
                Bytes = bytes;
                Engine = engine;
                TensorCores = tensorCores;
                Loading = loading;
            }

            public readonly SightlineModel Model;
            // The content the runner was built from: a reimported model asset is a new runner.
            public readonly byte[] Bytes;
            public readonly EngineChoice Engine;
            public readonly bool TensorCores;
            public readonly Task<ClassifierRunner> Loading;
            public readonly UserCount Users;
        }

        // Not reset on entering Play mode with domain reload off: every lease is given back in OnDisable, so the list
        // empties itself, and clearing it would leak engines still loading.
        static readonly List<Entry> s_entries = new List<Entry>();

        /// <summary>Runners in use (loaded or loading).</summary>
        public static int Count => s_entries.Count;

        /// <summary>
        /// A share of the runner for the model, engine and TF32 setting; the first user's <paramref name="warmUp"/>
        /// decides whether a blank frame is classified while loading. Dispose the lease to let go.
        /// </summary>
        internal static RunnerLease Acquire(SightlineModel model, EngineChoice engine, bool tensorCores, bool warmUp)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            var file = model.File;
            var entry = s_entries.Find(e => ReferenceEquals(e.Model, model) && ReferenceEquals(e.Bytes, file.Bytes) && e.Engine == engine && e.TensorCores == tensorCores);
            if (entry == null)
            {
                var users = new UserCount();
                entry = new Entry(model, file.Bytes, engine, tensorCores, users, Task.Run(() => Build(file, engine, tensorCores, warmUp, users)));
                s_entries.Add(entry);
            }
            entry.Users.Add(1);
            return new RunnerLease(entry.Loading, () => Release(entry));
        }

        static void Release(Entry entry)
        {
            if (entry.Users.Add(-1) > 0) return;
            s_entries.Remove(entry);
            // Dispose waits for a running inference (and a load must finish first): never on the main thread.
            entry.Loading.ContinueWith(t =>
            {
                if (t.Status != TaskStatus.RanToCompletion) return;
                t.Result.IsReleased = true;
                t.Result.Classifier.Dispose();
            }, TaskScheduler.Default);
        }

        static ClassifierRunner Build(Models.ModelFile file, EngineChoice choice, bool tensorCores, bool warmUp, UserCount users)
        {
            var trained = file.Load();
            var attempts = new List<string>();
            var engine = new ProfiledEngine(EngineFactory.CreateForInference(choice, trained, MaxBatch, attempts, tensorCores));
            // Each component drops its own frames that come due while busy, so no frame of one user may supersede another's.
            var classifier = new ImageClassifier(engine, trained, new ClassifierOptions { LatestFrameWins = false });
            if (warmUp)
            {
                int size = classifier.InputSize;
                classifier.ClassifyAsync(new Frame(new byte[size * size * 3], size, size), 1).GetAwaiter().GetResult();
            }
            return new ClassifierRunner(classifier, string.Join("; ", attempts), users);
        }
    }

    /// <summary>The components sharing a runner, counted on the main thread and read from any.</summary>
    sealed class UserCount
    {
        int _value;

        public int Value => System.Threading.Volatile.Read(ref _value);

        public int Add(int change) => System.Threading.Interlocked.Add(ref _value, change);
    }

    /// <summary>One component's share of a <see cref="ClassifierRunner"/>: <see cref="Ready"/> completes when it is loaded.</summary>
    sealed class RunnerLease : IDisposable
    {
        Action? _release;

        public RunnerLease(Task<ClassifierRunner> ready, Action release)
        {
            Ready = ready;
            _release = release;
        }

        public Task<ClassifierRunner> Ready { get; }

        public void Dispose()
        {
            var release = _release;
            _release = null;
            release?.Invoke();
        }
    }
}
