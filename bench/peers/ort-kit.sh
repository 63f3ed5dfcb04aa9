#!/usr/bin/env bash
# Packs ONNX Runtime Web's part of the GPU machine's kit: bench/peers/ort-decode.ts bundled with a pinned
# onnxruntime-web, and the WebAssembly binary that build loads (xz-compressed: 27 MB → 4 MB). Node and Dawn's
# addon come from our own kit (.gpu-kit-device); unpack.sh links that kit's `webgpu` package where the bundle's
# `import 'webgpu'` finds it (Node's ES module resolution ignores NODE_PATH).
# Usage, from the repository's root: bash bench/peers/ort-kit.sh [.gpu-kit-ort]; on the GPU machine:
#   source .gpu-kit-device/unpack.sh && source .gpu-kit-ort/unpack.sh && node .gpu-kit-ort/ort-decode.mjs ...
set -euo pipefail
kit=${1:-.gpu-kit-ort}
version=1.30.0
# onnxruntime-web stays out of the project's package.json: installed in a scratch folder, then bundled.
scratch=${ORT_SCRATCH:-/tmp/ortpeer/npm-$version}
ort=$scratch/node_modules/onnxruntime-web
if ! grep -qs "\"version\": \"$version\"" "$ort/package.json"; then
  mkdir -p "$scratch"
  echo '{ "private": true }' >"$scratch/package.json"
  (cd "$scratch" && npm install --no-audit --no-fund --ignore-scripts --save-exact "onnxruntime-web@$version")
fi

rm -rf "$kit"
mkdir -p "$kit"
# esbuild does follow NODE_PATH; `webgpu` stays external, for the copy .gpu-kit-device carries.
NODE_PATH=$scratch/node_modules npx --no-install esbuild bench/peers/ort-decode.ts --bundle --platform=node \
  --format=esm --target=node20 --external:webgpu --outfile="$kit/ort-decode.mjs" --log-level=warning
xz -9 -T0 -c "$ort/dist/ort-wasm-simd-threaded.asyncify.wasm" >"$kit/ort-wasm-simd-threaded.asyncify.wasm.xz"

cat >"$kit/unpack.sh" <<'UNPACK'
# source me on the GPU machine after .gpu-kit-device/unpack.sh: unpack ORT's WebAssembly binary beside the bundle
# and link the device kit's `webgpu` package (Dawn) into this folder's node_modules.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
wasm="$here/ort-wasm-simd-threaded.asyncify.wasm"
[ -f "$wasm" ] || xz -dk "$wasm.xz"
mkdir -p "$here/node_modules"
ln -sfn "$here/../.gpu-kit-device/node_modules/webgpu" "$here/node_modules/webgpu"
UNPACK
du -sh "$kit"
