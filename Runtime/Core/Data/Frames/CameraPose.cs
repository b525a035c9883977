namespace Sightline.Data
{
    /// <summary>Where the camera was when a frame was captured: world position, rotation quaternion (x, y, z, w) and vertical field of view in degrees.</summary>
    public readonly struct CameraPose
    {
        public CameraPose(float positionX, float positionY, float positionZ, float rotationX, float rotationY, float rotationZ, float rotationW, float fieldOfView)
        {
            PositionX = positionX;
            PositionY = positionY;
            PositionZ = positionZ;
            RotationX = rotationX;
            RotationY = rotationY;
            RotationZ = rotationZ;
            RotationW = rotationW;
            FieldOfView = fieldOfView;
        }

        public float PositionX { get; }
        public float PositionY { get; }
        public float PositionZ { get; }
        public float RotationX { get; }
        public float RotationY { get; }
        public float RotationZ { get; }
        public float RotationW { get; }
        public float FieldOfView { get; }
    }
}
