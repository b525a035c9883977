using UnityEngine;

namespace Sightline.UnityPlayer
{
    /// <summary>How the harness plays: frame time, screen, colour space, readback latency, where the project lives.</summary>
    public sealed class PlayerOptions
    {
        /// <summary>Game time per frame (Time.deltaTime); 1/30 s plays like a 30 fps game.</summary>
        public float FrameSeconds { get; set; } = 1f / 30f;
        /// <summary>Wait out each frame's time on the wall clock too, so worker threads get the time a game gives them.</summary>
        public bool RealTime { get; set; }
        public int ScreenWidth { get; set; } = 1280;
        public int ScreenHeight { get; set; } = 720;
        public ColorSpace ColorSpace { get; set; } = ColorSpace.Linear;
        /// <summary>Frames between an AsyncGPUReadback request and its callback (at least 1, as in Unity).</summary>
        public int ReadbackLatencyFrames { get; set; } = 1;
        /// <summary>The Unity project folder (Application.dataPath is its Assets folder); a new temporary folder when null.</summary>
        public string? ProjectFolder { get; set; }
    }
}
