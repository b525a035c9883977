namespace UnityShim
{
    /// <summary>Every member body of the shim throws this: the shim only lets code compile outside Unity.</summary>
    internal static class ShimError
    {
        public static System.Exception NotInUnity() =>
            new System.NotSupportedException("UnityShim declares Unity's API for compilation only; run this code inside Unity.");
    }
}
