// W8A8's int8 helpers through WGSL's packed_4x8_integer_dot_product language feature, where the device has it.
// Prepended to w8a8-quantize.wgsl and w8a8.wgsl; w8a8-dot-shifts.wgsl computes the same without it.
requires packed_4x8_integer_dot_product;

// Four int8 codes in one word, component 0 in the low byte.
fn pack4(c: vec4<i32>) -> u32 {
  return pack4xI8(c);
}

// Dot product of the four signed bytes of a and b.
fn dot4(a: u32, b: u32) -> i32 {
  return dot4I8Packed(a, b);
}
