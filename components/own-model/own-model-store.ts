/**
 * Where a checkpoint the reader picked is kept, so every page's measured widgets can offer it: its files in the
 * origin private file system (OPFS: the browser's storage for this site, not the reader's disk, written once and read
 * back as Files a tensor at a time) and what the engine found in them in local storage (small, read synchronously
 * when a page builds its model choices). Kept until the reader removes it or clears the site's data. Where the browser
 * gives the site no file storage (a figure framed in another site's page, say), has too little room or refuses a
 * write, the files stay in this page only, and the page says why.
 */
import type { CheckpointInspection, FolderFiles } from '@engine/index';
import { formatSi } from '../charts/format';
import { browserStorage } from '../state/browser-storage';

/** What a page needs to offer the model without reading its files. */
export interface OwnModelMeta {
  version: 1;
  /** The folder's name, as picked. */
  name: string;
  inspection: CheckpointInspection;
  /** Whether the files are kept for other pages, or held by this page alone. */
  kept: boolean;
  /** Why they are held by this page alone. */
  why?: string;
}

const META_KEY = 'memory-bound own model';
const INDEX = 'model.safetensors.index.json';
const FOLDER = 'own-model';
/** Fired on window when this page picks or removes a model (other pages hear the storage event). */
export const OWN_MODEL_CHANGED = 'memory-bound:own-model';

/** Why the files stay in the page where the browser gives the site no file storage at all. */
export const NO_FILE_STORAGE = 'the browser keeps no files for this site';

/** Files held by this page when the browser keeps none. */
let inPage: FolderFiles | undefined;

/** The model kept, or undefined; an entry this version cannot read counts as none. */
export function readOwnModelMeta(): OwnModelMeta | undefined {
  try {
    const meta = JSON.parse(
      browserStorage('localStorage')?.getItem(META_KEY) ?? 'null',
    ) as OwnModelMeta | null;
    return meta?.version === 1 && (meta.kept || inPage) ? meta : undefined;
  } catch {
    return undefined;
  }
}

async function folder(create: boolean): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    const root = await navigator.storage.getDirectory();
    return await root.getDirectoryHandle(FOLDER, { create });
  } catch {
    return undefined;
  }
}

/** Keep a picked folder's files and what the engine found in them; resolves to the kept entry. */
export async function keepOwnModel(
  name: string,
  files: FolderFiles,
  inspection: CheckpointInspection,
): Promise<OwnModelMeta> {
  await removeOwnModel();
  // Only what the engine reads: not a README, nor the same weights in other formats beside them.
  const read = ['config.json', 'tokenizer.json', INDEX, ...inspection.shards].filter((file) =>
    files.has(file),
  );
  const why = await writeFiles(read, files);
  inPage = why ? files : undefined;
  const meta: OwnModelMeta = { version: 1, name, inspection, kept: !why, ...(why && { why }) };
  browserStorage('localStorage')?.setItem(META_KEY, JSON.stringify(meta));
  dispatchEvent(new Event(OWN_MODEL_CHANGED));
  return meta;
}

/** Write `names` of `files` to the site's file storage; undefined when all are kept, else why they are not. */
async function writeFiles(names: readonly string[], files: FolderFiles): Promise<string | undefined> {
  const dir = await folder(true);
  if (!dir) return NO_FILE_STORAGE;
  try {
    for (const name of names) {
      const handle = await dir.getFileHandle(name, { create: true });
      if (!('createWritable' in handle)) return 'this browser cannot write files for a site';
      await files
        .get(name)!
        .stream()
        .pipeTo(await handle.createWritable());
    }
    return undefined;
  } catch (error) {
    await removeOwnModel();
    return await whyNotWritten(error, names, files);
  }
}

/** The reader's words for a failed write: the room left when the browser's quota stopped it, else its own reason. */
async function whyNotWritten(error: unknown, names: readonly string[], files: FolderFiles) {
  if (!(error instanceof DOMException)) return 'the browser would not keep the files';
  if (error.name !== 'QuotaExceededError') return `the browser would not keep the files (${error.message})`;
  const bytes = names.reduce((sum, name) => sum + files.get(name)!.size, 0);
  const room = await roomLeft();
  return room === undefined
    ? `the browser lets this site keep less than these files’ ${formatSi(bytes, 'B', 3)}`
    : `the browser lets this site keep ${formatSi(Math.max(0, room), 'B', 3)} more, less than these files’ ${formatSi(bytes, 'B', 3)}`;
}

/** Bytes the browser still lets this site store, when it says. */
async function roomLeft(): Promise<number | undefined> {
  try {
    const { quota, usage } = await navigator.storage.estimate();
    return quota === undefined || usage === undefined ? undefined : quota - usage;
  } catch {
    return undefined;
  }
}

/** The kept model's files, read back as Files (their data stays on disk until a tensor is read). */
export async function ownModelFiles(): Promise<FolderFiles> {
  if (inPage) return inPage;
  const dir = await folder(false);
  if (!dir) {
    await removeOwnModel();
    throw new Error('Your model’s files are no longer in this browser’s storage: pick the folder again.');
  }
  const files = new Map<string, Blob>();
  for await (const [name, handle] of dir.entries()) {
    if (handle.kind === 'file') files.set(name, await (handle as FileSystemFileHandle).getFile());
  }
  return files;
}

/** Forget the kept model, its files and its entry. */
export async function removeOwnModel(): Promise<void> {
  inPage = undefined;
  browserStorage('localStorage')?.removeItem(META_KEY);
  try {
    await (await navigator.storage.getDirectory()).removeEntry(FOLDER, { recursive: true });
  } catch {
    // Nothing was kept, or the browser keeps nothing for this site.
  }
  dispatchEvent(new Event(OWN_MODEL_CHANGED));
}
