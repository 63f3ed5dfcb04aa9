// W8A8's int8 helpers with shifts and integer multiplies, for devices without the packed_4x8_integer_dot_product
// language feature. Same results as w8a8-dot-builtin.wgsl.

// Four int8 codes in one word, component 0 in the low byte.
fn pack4(c: vec4<i32>) -> u32 {
  let b = bitcast<vec4<u32>>(c) & vec4<u32>(0xffu);
  return b.x | (b.y << 8u) | (b.z << 16u) | (b.w << 24u);
}

// The four signed bytes of a word, sign-extended: each shifted to the top, then arithmetically back down.
fn bytes4(a: u32) -> vec4<i32> {
  return bitcast<vec4<i32>>(vec4<u32>(a << 24u, a << 16u, a << 8u, a)) >> vec4<u32>(24u);
}

// Dot product of the four signed bytes of a and b.
fn dot4(a: u32, b: u32) -> i32 {
  let p = bytes4(a) * bytes4(b);
  return p.x + p.y + p.z + p.w;
}
