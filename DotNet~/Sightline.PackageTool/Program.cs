namespace Sightline.PackageTool
{
    public static class Program
    {
        public static int Main(string[] args) => 0;
    }
}
