#!/usr/bin/env bash
# Builds the NativeAOT `mosn` executable: one self-contained native binary, no .NET runtime needed on the target.
#
#   bash build/publish-aot.sh [output_dir=artifacts/aot] [rid=linux-x64]
#
# NativeAOT links with the platform toolchain: Debian's clang and zlib headers are installed here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-artifacts/aot}; RID=${2:-linux-x64}
need=()
command -v clang >/dev/null 2>&1 || need+=(clang)
[ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Trim and AOT analysis warnings are errors (Directory.Build.props), so a reflection-dependent change fails here.
dotnet publish src/Mosn -c Release -r "$RID" -p:PublishAot=true -p:DebugType=none -p:GenerateDocumentationFile=false \
  -o "$OUT" -nologo -v quiet
echo "built $OUT/mosn ($(du -h "$OUT/mosn" | cut -f1))"
