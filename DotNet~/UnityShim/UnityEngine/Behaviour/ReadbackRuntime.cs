namespace UnityEngine.Rendering
{
    public partial struct AsyncGPUReadbackRequest
    {
        internal UnityShim.Player.ReadbackJob m_Job;
    }
}

namespace Unity.Collections
{
    public partial struct NativeArray<T>
    {
        private T[] m_Array;

        internal NativeArray(T[] array) => m_Array = array;

        T[] Items() => m_Array ?? throw new System.ObjectDisposedException("NativeArray", "the NativeArray has been disposed, or its readback callback has returned");
    }
}
