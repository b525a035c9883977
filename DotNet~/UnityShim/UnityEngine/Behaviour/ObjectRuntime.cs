using System.Threading;

namespace UnityEngine
{
    // Identity, names and the "destroyed equals null" comparison of Unity 2022.3's
    // Runtime/Export/Scripting/UnityEngineObject.bindings.cs (CompareBaseObjects): a destroyed object compares equal to
    // null and converts to false, while the C# reference stays valid.
    public partial class Object
    {
        static int s_NextInstanceID;

        private int m_InstanceID = Interlocked.Increment(ref s_NextInstanceID);
        private string m_Name = "";
        private HideFlags m_HideFlags;
        internal bool m_Destroyed;

        string GetName()
        {
            UnityShim.Player.World.EnsureMainThread("get_name");
            return m_Name;
        }

        void SetName(string value)
        {
            UnityShim.Player.World.EnsureMainThread("set_name");
            m_Name = value ?? "";
        }

        bool EqualsObject(object other)
        {
            var otherObject = other as Object;
            if ((object)otherObject == null && other != null) return false;
            return CompareBaseObjects(this, otherObject);
        }

        static bool CompareBaseObjects(Object lhs, Object rhs)
        {
            bool lhsNull = (object)lhs == null;
            bool rhsNull = (object)rhs == null;
            if (lhsNull && rhsNull) return true;
            if (rhsNull) return lhs.m_Destroyed;
            if (lhsNull) return rhs.m_Destroyed;
            return lhs.m_InstanceID == rhs.m_InstanceID;
        }

        /// <summary>Called once when the object is destroyed (after its messages), so it can let go of what it holds.</summary>
        internal virtual void OnShimDestroyed() { }
    }
}
