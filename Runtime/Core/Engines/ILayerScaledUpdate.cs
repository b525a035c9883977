namespace Sightline.Engines
{
    /// <summary>
    /// An engine whose <see cref="IEngine.Update"/> applies <see cref="SgdSettings.LayerScales"/> (per-layer rates and
    /// frozen layers for fine-tuning). A training session refuses per-layer rates on an engine without it rather than
    /// train every layer at one rate without saying so.
    /// </summary>
    public interface ILayerScaledUpdate : IEngine
    {
    }
}
