using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using Sightline.Hotkeys;
using Sightline.Scheduling;

namespace Sightline.Tests.Core.Hotkeys
{
    public class HotkeyPollerTests
    {
        const int C = 99, One = 49, Two = 50;

        static readonly HotkeyBinding[] Bindings = { new HotkeyBinding(C, null), new HotkeyBinding(One, "cube"), new HotkeyBinding(Two, "sphere") };

        [Test]
        public void PressedKeysAreReturnedInBindingOrder()
        {
            var pressed = new HotkeyPoller().Pressed(Bindings, key => key == Two || key == C);
            Assert.That(pressed.Select(b => b.Label), Is.EqualTo(new string?[] { null, "sphere" }));
        }

        [Test]
        public void KeyZeroIsNeverRead()
        {
            var read = new List<int>();
            new HotkeyPoller().Pressed(new[] { new HotkeyBinding(0, "none"), new HotkeyBinding(One, "cube") }, key => { read.Add(key); return false; });
            Assert.That(read, Is.EqualTo(new[] { One }));
        }

        // The Input Manager's Input class throws when only the Input System package is active: the frame's
        // scheduled capture must still happen, and the failure must be visible.
        [Test]
        public void AReadThatThrowsTurnsHotkeysOffButNotTheScheduledCapture()
        {
            var poller = new HotkeyPoller();
            var schedule = new CaptureSchedule(0.5);
            Func<int, bool> throwing = key => throw new InvalidOperationException("You are trying to read Input using the UnityEngine.Input class");
            int captures = 0;
            for (int frame = 0; frame < 4; frame++)
            {
                foreach (var pressed in poller.Pressed(Bindings, throwing)) schedule.Request(pressed.Label);
                if (schedule.Tick(frame * 0.5) != null) captures++;
            }
            Assert.That(captures, Is.EqualTo(4));
            Assert.That(poller.Failure, Does.Contain("hotkeys are off").And.Contain("InvalidOperationException").And.Contain("UnityEngine.Input"));
        }

        [Test]
        public void AfterAFailureNoKeyIsReadUntilReset()
        {
            var poller = new HotkeyPoller();
            int reads = 0;
            poller.Pressed(Bindings, key => { reads++; throw new NotSupportedException("no such key"); });
            poller.Pressed(Bindings, key => { reads++; return true; });
            Assert.That(reads, Is.EqualTo(1));
            poller.Reset();
            Assert.That(poller.Failure, Is.Null);
            Assert.That(poller.Pressed(Bindings, key => key == One).Single().Label, Is.EqualTo("cube"));
        }

        [TestCase("Alpha1", "Digit1")]
        [TestCase("Alpha0", "Digit0")]
        [TestCase("Return", "Enter")]
        [TestCase("C", "C")]
        [TestCase("Space", "Space")]
        [TestCase("F5", "F5")]
        [TestCase("None", null)]
        [TestCase("Mouse0", null)]
        [TestCase("JoystickButton3", null)]
        public void KeyCodeNamesMapToInputSystemKeyNames(string keyCode, string? key)
        {
            Assert.That(KeyNames.InputSystemName(keyCode), Is.EqualTo(key));
        }
    }
}
