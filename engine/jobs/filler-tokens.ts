/** Token ids for timing runs: any ids do, since the model's work does not depend on them. */
export function fillerTokens(length: number, start = 0): number[] {
  return Array.from({ length }, (_, i) => ((start + i) * 31) % 256);
}
