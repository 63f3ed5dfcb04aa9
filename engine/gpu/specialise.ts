/**
 * Specialising WGSL source before it is compiled: a module-scope `const NAME: type = value;` declaration, the named
 * marker, gets another value. A marker that is missing, or declared more than once, throws an error naming it, so a
 * renamed or reformatted declaration fails at once instead of silently compiling the unspecialised shader.
 */

export type ConstValue = number | boolean;

/** `code` with each constant in `values` set: u32 and i32 to integers, f32 to numbers, bool to booleans. */
export function specialise(
  code: string,
  values: Readonly<Record<string, ConstValue>>,
  shader: string,
): string {
  let out = code;
  for (const [name, value] of Object.entries(values)) {
    if (!/^[A-Za-z_]\w*$/.test(name)) throw new Error(`${shader}: "${name}" is not a WGSL constant name`);
    const declaration = new RegExp(
      `^([ \\t]*const[ \\t]+${name}[ \\t]*:[ \\t]*(\\w+)[ \\t]*=[ \\t]*)[^;\\n]+;`,
      'gm',
    );
    const found = [...out.matchAll(declaration)];
    if (found.length !== 1)
      throw new Error(
        `${shader}: the WGSL marker \`const ${name}: …;\` should be declared once at the start of a line, found ${found.length}`,
      );
    const literal = wgslLiteral(shader, name, found[0]![2]!, value);
    out = out.replace(declaration, (_, head: string) => `${head}${literal};`);
  }
  return out;
}

/** `value` written as a WGSL literal of `type`. */
function wgslLiteral(shader: string, name: string, type: string, value: ConstValue): string {
  const wrong = () => new Error(`${shader}: constant ${name} is a ${type}; ${value} is not one`);
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw wrong();
    return String(value);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong();
  if (type === 'f32') return `${value}f`;
  if (!Number.isInteger(value) || (type === 'u32' && value < 0)) throw wrong();
  if (type === 'u32') return `${value}u`;
  if (type === 'i32') return `${value}i`;
  throw new Error(`${shader}: constant ${name} has type ${type}, which specialise does not set`);
}
