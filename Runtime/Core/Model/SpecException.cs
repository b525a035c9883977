using System;

namespace Sightline.Model
{
    /// <summary>A network specification that cannot be built (bad option, input too small for the layers).</summary>
    public sealed class SpecException : ArgumentException
    {
        public SpecException(string message) : base(message) { }
    }
}
