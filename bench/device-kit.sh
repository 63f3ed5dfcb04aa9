#!/usr/bin/env bash
# Pack the GPU kit (../shared/tools/gpu-kit.sh) and the bundled benchmark for the GPU machine with Dawn's addon
# compressed: the working tree, shipped weights included, and the carried kit must stay under the device's
# 64 MiB. Usage: bash bench/device-kit.sh [.gpu-kit] [.gpu-kit-device]; then, carrying .gpu-kit-device, run
#   source .gpu-kit-device/unpack.sh && node .gpu-kit-device/bench.mjs --out $OUT/bench.json
set -euo pipefail
src=${1:-.gpu-kit}
dst=${2:-.gpu-kit-device}
rm -rf "$dst"
mkdir -p "$dst"
cp -r "$src/debs" "$src/enter.sh" "$src/node.xz" "$src/bench.mjs" "$src/node_modules" "$dst/"
xz -9 -T0 "$dst/node_modules/webgpu/dist/linux-x64/dawn.node"
cat > "$dst/unpack.sh" <<'UNPACK'
# source me on the GPU machine: unpack Dawn's addon, then the kit's own setup (Vulkan loader, node on PATH)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
addon="$here/node_modules/webgpu/dist/linux-x64/dawn.node"
[ -f "$addon" ] || xz -dk "$addon.xz"
source "$here/enter.sh"
UNPACK
du -sh "$dst"
