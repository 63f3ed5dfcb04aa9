// Greedy choice on the device: for logit row r, the index of its largest logit (the first, on ties), written to
// chosen[r] and, as the next step's input, to tokens[rows[r]], so decoding can go on without reading logits back.
// One workgroup per logit row. Mirrors engine/serve/sampling.ts (argmax).
struct Params { R: u32, V: u32 }

@group(0) @binding(0) var<storage, read_write> chosen: array<i32>; // (R)
@group(0) @binding(1) var<storage, read_write> tokens: array<i32>; // (T)
@group(0) @binding(2) var<storage, read> logits: array<f32>;       // (R, V)
@group(0) @binding(3) var<storage, read> rows: array<i32>;         // (R)
@group(0) @binding(4) var<uniform> params: Params;

const WORKGROUP_SIZE: u32 = 256u;
var<workgroup> bestValue: array<f32, WORKGROUP_SIZE>;
var<workgroup> bestIndex: array<u32, WORKGROUP_SIZE>;

// Whether (value a, index i) beats (value b, index j): larger, or equal and earlier.
fn beats(a: f32, i: u32, b: f32, j: u32) -> bool {
  return a > b || (a == b && i < j);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let r = wg.x;
  let row = r * params.V;
  var value = logits[row];
  var index = 0u;
  for (var i = lid.x; i < params.V; i += WORKGROUP_SIZE) {
    let x = logits[row + i];
    if (beats(x, i, value, index)) {
      value = x;
      index = i;
    }
  }
  bestValue[lid.x] = value;
  bestIndex[lid.x] = index;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid.x < stride) {
      let other = lid.x + stride;
      if (beats(bestValue[other], bestIndex[other], bestValue[lid.x], bestIndex[lid.x])) {
        bestValue[lid.x] = bestValue[other];
        bestIndex[lid.x] = bestIndex[other];
      }
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    chosen[r] = i32(bestIndex[0]);
    tokens[u32(rows[r])] = i32(bestIndex[0]);
  }
}
