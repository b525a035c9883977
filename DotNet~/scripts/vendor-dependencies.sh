#!/usr/bin/env bash
# Refreshes Plugins/: the managed NuGet DLLs the Unity package carries (Unity cannot restore NuGet packages), each
# renamed to Sightline.ThirdParty.<name> and pointed at netstandard 2.1 by `sightline-package vendor` so no other copy
# of the library in a project can clash with it. Run it after changing a PackageReference version below or in the
# csproj files (the package check fails while a vendored DLL's version differs from its csproj PackageReference).
# The licence beside each DLL (Plugins/<Id>/LICENSE.md) is committed by hand when a package is added.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Id/Version/lib-folder[/AssemblyName][:desktop]. The first four are the libraries Runtime/ uses (versions as in
# the DotNet~ csproj files); the rest are what they reference that netstandard 2.1 lacks. :desktop: only
# Sightline.Training uses it (ImageSharp and its CodePages), so its plugin is enabled for the Editor and the 64-bit
# desktop players only and other players never carry it.
packages=(
  Google.Protobuf/3.36.2/netstandard2.0
  MessagePack/2.5.307/netstandard2.0
  MessagePack.Annotations/2.5.307/netstandard2.0
  SixLabors.ImageSharp/2.1.13/netstandard2.1:desktop
  System.Collections.Immutable/6.0.0/netstandard2.0
  Microsoft.NET.StringTools/17.6.3/netstandard2.0
  System.Runtime.CompilerServices.Unsafe/6.0.0/netstandard2.0
  System.Text.Encoding.CodePages/5.0.0/netstandard2.0:desktop
)

dotnet restore DotNet~/Sightline.slnx >/dev/null
dotnet build DotNet~/Sightline.PackageTool/Sightline.PackageTool.csproj -c Release -nologo -v q >/dev/null
dotnet DotNet~/artifacts/bin/Sightline.PackageTool/release/sightline-package.dll vendor . "${packages[@]}"
du -ch Plugins/*/*.dll | tail -n 1
