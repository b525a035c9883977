using MessagePack;
using MessagePack.Formatters;

namespace Sightline.Data
{
    /// <summary>Resolves only the data formats' hand-written formatters, so serialisation never reaches MessagePack's dynamic resolvers.</summary>
    public sealed class DataFormatterResolver : IFormatterResolver
    {
        public static readonly DataFormatterResolver Instance = new DataFormatterResolver();
        public static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard.WithResolver(Instance);

        public IMessagePackFormatter<T>? GetFormatter<T>()
        {
            if (typeof(T) == typeof(DatasetManifest)) return (IMessagePackFormatter<T>)(object)DatasetManifestFormatter.Instance;
            if (typeof(T) == typeof(CacheMeta)) return (IMessagePackFormatter<T>)(object)CacheMetaFormatter.Instance;
            return null;
        }
    }
}
