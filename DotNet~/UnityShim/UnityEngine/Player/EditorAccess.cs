using System.Runtime.CompilerServices;

// Where the shim is split as Unity splits its API (sightline-package compile-as-unity), the Editor half answers
// scene-builder calls with the player world's internals, as Unity's own editor assemblies see the engine's.
[assembly: InternalsVisibleTo("UnityEditor")]
