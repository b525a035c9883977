namespace UnityEngine
{
    // Axis-aligned bounds as in Unity 2022.3's Runtime/Export/Geometry/Bounds.cs: a centre and half-size extents.
    public partial struct Bounds
    {
        private Vector3 m_Center;
        private Vector3 m_Extents;

        public Vector3 size { get => m_Extents * 2f; set => m_Extents = value * 0.5f; }

        public void SetMinMax(Vector3 min, Vector3 max)
        {
            m_Extents = (max - min) * 0.5f;
            m_Center = min + m_Extents;
        }

        public void Encapsulate(Vector3 point) => SetMinMax(Vector3.Min(min, point), Vector3.Max(max, point));
    }
}
