using MessagePack;
using MessagePack.Formatters;

namespace Sightline.Data
{
    /// <summary>
    /// Resolves only the dataset manifest's hand-written formatter and nothing else, so serialisation never reaches
    /// MessagePack's dynamic resolvers (which generate code at run time, impossible under IL2CPP). The other formats
    /// (frame cache index, checkpoints) call their formatters directly with <see cref="Options"/>, so a nested lookup
    /// by mistake fails loudly here instead of falling back to dynamic code.
    /// </summary>
    public sealed class DataFormatterResolver : IFormatterResolver
    {
        public static readonly DataFormatterResolver Instance = new DataFormatterResolver();
        // Built from our resolver alone: MessagePackSerializerOptions.Standard would initialise StandardResolver, whose
        // fallbacks are the dynamic (code-generating) resolvers.
        public static readonly MessagePackSerializerOptions Options = new MessagePackSerializerOptions(Instance);

        public IMessagePackFormatter<T>? GetFormatter<T>()
        {
            if (typeof(T) == typeof(DatasetManifest)) return (IMessagePackFormatter<T>)(object)DatasetManifestFormatter.Instance;
            return null;
        }
    }
}
