namespace UnityEngine
{
    public partial class Component
    {
        internal GameObject m_GameObject;
    }

    // A behaviour's place in the player loop: Awake once, OnEnable/OnDisable as it becomes active and enabled or stops
    // being so, Start once before its first Update (Unity's "Order of execution for event functions").
    public partial class Behaviour
    {
        internal bool m_Enabled = true;
        internal bool m_Awoken;
        internal bool m_Started;
        internal bool m_OnEnableCalled;
    }
}
