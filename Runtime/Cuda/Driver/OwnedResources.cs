using System;
using System.Collections.Generic;

namespace Sightline.Cuda.Driver
{
    /// <summary>
    /// What an engine part allocates one by one (buffers, streams, handles) and frees together, last first, so nothing
    /// is freed before what was made after it from it.
    /// </summary>
    internal sealed class OwnedResources : IDisposable
    {
        readonly List<IDisposable> _owned = new List<IDisposable>();

        /// <summary>Keeps <paramref name="resource"/> for <see cref="Dispose"/> and returns it.</summary>
        public T Add<T>(T resource) where T : IDisposable
        {
            _owned.Add(resource);
            return resource;
        }

        public void Dispose()
        {
            for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
            _owned.Clear();
        }
    }
}
