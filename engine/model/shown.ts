/**
 * A value read from a model file, written into an error message: its JSON, cut short. A value nested too deeply for
 * JSON.stringify (which recurses) is described instead, so that reporting a bad field never throws a RangeError of
 * its own.
 */
export function shown(value: unknown, limit = 60): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return Array.isArray(value)
      ? 'an array nested too deeply to show'
      : 'an object nested too deeply to show';
  }
  if (json === undefined) return String(value);
  return json.length > limit ? `${json.slice(0, limit)}…` : json;
}
