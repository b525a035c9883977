using System;
using System.Text.RegularExpressions;
using NUnit.Framework;
using UnityEngine;

// The few members of Unity's Test Framework package (com.unity.test-framework, assembly UnityEngine.TestRunner) that
// the Unity Test Runner tests under Tests/Unity use, so the .NET build compiles them. Names and parameters as in the
// package's scripting reference; UnityTestAttribute derives there from NUnit's CombiningStrategyAttribute, which
// only matters when a runner builds the test. Nothing here runs: the tests run only in the Unity Editor.
namespace UnityEngine.TestTools
{
    [AttributeUsage(AttributeTargets.Method)]
    public class UnityTestAttribute : NUnitAttribute
    {
    }

    public static class LogAssert
    {
        public static void Expect(LogType type, Regex message) => throw new NotSupportedException("runs only in the Unity Test Runner");
        public static void Expect(LogType type, string message) => throw new NotSupportedException("runs only in the Unity Test Runner");
    }
}
