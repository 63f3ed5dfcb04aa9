/** Looking a preset up by its id in one of the tables (models, hardware, KV layouts). */

/** The entry of `table` with this id; throws naming `what` when there is none. */
export function presetById<T extends { id: string }>(table: readonly T[], id: string, what: string): T {
  const found = table.find((entry) => entry.id === id);
  if (!found) throw new Error(`unknown ${what} preset "${id}"`);
  return found;
}
