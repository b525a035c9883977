using System;
using Sightline.Engines;

namespace Sightline.Cli.Training
{
    /// <summary>Reads `--placement` and checks that the GPUs it names exist, with messages naming the option and value.</summary>
    public static class PlacementDevices
    {
        /// <summary>"one", "two" or "A,B"; null or empty: null (the engine's default, one device).</summary>
        public static Placement? Parse(string? text)
        {
            if (text == null || text.Trim().Length == 0) return null;
            try
            {
                return Placement.Parse(text);
            }
            catch (FormatException e)
            {
                throw new UserInputException($"--placement: {e.Message}");
            }
        }

        /// <summary>Null when every device of <paramref name="placement"/> exists among <paramref name="deviceCount"/> GPUs, else why not.</summary>
        public static string? Missing(Placement placement, int deviceCount)
        {
            int highest = Math.Max(placement.DeviceA, placement.DeviceB);
            if (highest < deviceCount) return null;
            string value = placement.IsSplit ? $"{placement.DeviceA},{placement.DeviceB}" : "one";
            return $"--placement {value} needs GPU {highest} but the driver sees {deviceCount} GPU(s) (numbered from 0); use --placement one"
                + (deviceCount >= 1 ? " or 0,0 to run the two-tower code path on one GPU" : "");
        }
    }
}
