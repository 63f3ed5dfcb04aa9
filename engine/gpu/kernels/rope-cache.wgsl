// Rotary position embedding of the queries (in place) and keys, and the write of the rotated keys and the values
// into their cache slots, in one dispatch. Per row t, threads take, in order: the query pairs (i, i + H/2) of
// every query head, the key pairs of every KV head, then every value element. The rotation is Hugging Face
// Llama's, with angles from the model's cos/sin tables. Mirrors engine/cpu/rope.ts then engine/cpu/kv-write.ts.
struct Params { T: u32, N: u32, K: u32, H: u32, sinOffset: u32 }

@group(0) @binding(0) var<storage, read_write> q: array<f32>;      // (T, N·H)
@group(0) @binding(1) var<storage, read_write> kCache: array<f32>; // (slots, K·H)
@group(0) @binding(2) var<storage, read_write> vCache: array<f32>; // (slots, K·H)
@group(0) @binding(3) var<storage, read> k: array<f32>;            // (T, K·H)
@group(0) @binding(4) var<storage, read> v: array<f32>;            // (T, K·H)
@group(0) @binding(5) var<storage, read> positions: array<i32>;    // (T)
@group(0) @binding(6) var<storage, read> slots: array<i32>;        // (T)
@group(0) @binding(7) var<storage, read> table: array<f32>;        // cos (P, H/2), then sin (P, H/2) at sinOffset
@group(0) @binding(8) var<uniform> params: Params;

override WORKGROUP_SIZE: u32 = 256;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let H = params.H;
  let half = H / 2u;
  let KH = params.K * H;
  let queryPairs = params.N * half;
  let keyPairs = params.K * half;
  let perRow = queryPairs + keyPairs + KH;
  let p = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (p >= params.T * perRow) { return; }
  let t = p / perRow;
  let r = p % perRow;
  let cacheRow = u32(slots[t]) * KH;
  if (r >= queryPairs + keyPairs) {
    let e = r - queryPairs - keyPairs;
    vCache[cacheRow + e] = v[t * KH + e];
    return;
  }
  let isKey = r >= queryPairs;
  let pair = select(r, r - queryPairs, isKey);
  let i = pair % half;
  let base = (pair / half) * H + i; // within the row's heads
  let at = u32(positions[t]) * half + i;
  let c = table[at];
  let s = table[params.sinOffset + at];
  if (isKey) {
    let x1 = k[t * KH + base];
    let x2 = k[t * KH + base + half];
    kCache[cacheRow + base] = x1 * c - x2 * s;
    kCache[cacheRow + base + half] = x2 * c + x1 * s;
  } else {
    let row = t * params.N * H;
    let x1 = q[row + base];
    let x2 = q[row + base + half];
    q[row + base] = x1 * c - x2 * s;
    q[row + base + half] = x2 * c + x1 * s;
  }
}
