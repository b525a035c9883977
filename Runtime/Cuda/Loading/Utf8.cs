using System;
using System.Text;

namespace Sightline.Cuda.Loading
{
    /// <summary>UTF-8 C strings both ways, without Marshal's platform-dependent ANSI rules.</summary>
    static unsafe class Utf8
    {
        public static byte[] NullTerminated(string value)
        {
            int count = Encoding.UTF8.GetByteCount(value);
            var bytes = new byte[count + 1];
            Encoding.UTF8.GetBytes(value, 0, value.Length, bytes, 0);
            return bytes;
        }

        public static string? FromPointer(IntPtr pointer)
        {
            if (pointer == IntPtr.Zero) return null;
            byte* p = (byte*)pointer;
            int length = 0;
            while (p[length] != 0) length++;
            return Encoding.UTF8.GetString(p, length);
        }

        /// <summary>A fixed-size char buffer filled by native code (cuDeviceGetName): up to the first NUL.</summary>
        public static string FromBuffer(byte* buffer, int capacity)
        {
            int length = 0;
            while (length < capacity && buffer[length] != 0) length++;
            return Encoding.UTF8.GetString(buffer, length);
        }
    }
}
