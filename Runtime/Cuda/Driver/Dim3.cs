namespace Sightline.Cuda.Driver
{
    /// <summary>A launch grid or block size.</summary>
    public readonly struct Dim3
    {
        public Dim3(uint x, uint y = 1, uint z = 1)
        {
            X = x;
            Y = y;
            Z = z;
        }

        public uint X { get; }
        public uint Y { get; }
        public uint Z { get; }

        public static implicit operator Dim3(uint x) => new Dim3(x);
        public static implicit operator Dim3(int x) => new Dim3(checked((uint)x));

        /// <summary>Blocks needed to cover <paramref name="count"/> items with <paramref name="perBlock"/> each.</summary>
        public static uint BlocksFor(long count, int perBlock) => checked((uint)((count + perBlock - 1) / perBlock));

        public override string ToString() => $"({X}, {Y}, {Z})";
    }
}
