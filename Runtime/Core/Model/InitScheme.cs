namespace Sightline.Model
{
    /// <summary>How weights start. Documentation~/network.md: He is the default for users' data; Paper reproduces N(0, 0.01).</summary>
    public enum InitScheme
    {
        /// <summary>Normal, fan-in, gain sqrt(2); all biases 0. Starts learning on small data (Documentation~/network.md, measured).</summary>
        He = 0,
        /// <summary>The paper: weights N(0, 0.01); biases 1 in conv2, conv4, conv5, fc6, fc7, 0 elsewhere.</summary>
        Paper = 1,
    }
}
