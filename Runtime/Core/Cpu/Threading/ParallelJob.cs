namespace Sightline.Cpu
{
    /// <summary>
    /// A unit of parallel work: <see cref="Execute"/> runs once per item, on some worker. Jobs are preallocated
    /// objects whose fields are set before each run, so a parallel loop allocates nothing.
    /// </summary>
    public abstract class ParallelJob
    {
        /// <summary>Runs item <paramref name="item"/> on worker <paramref name="worker"/> (0 = the calling thread), which owns scratch slot <paramref name="worker"/>.</summary>
        public abstract void Execute(int item, int worker);
    }
}
