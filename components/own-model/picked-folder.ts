/**
 * A checkpoint folder from what the reader gave: the files of a folder chosen in the file dialog (each carrying its
 * path in the folder), or what was dropped (a folder, or the files themselves). Only the folder's own files count:
 * a checkpoint's files sit at its top (subfolders such as "original/" hold other formats).
 */
import type { FolderFiles } from '@engine/index';

export interface PickedFolder {
  name: string;
  files: FolderFiles;
}

/** The folder chosen in a file dialog (an input with `webkitdirectory`), or the files chosen if no folder. */
export function fromFileList(list: ArrayLike<File>): PickedFolder | undefined {
  const all = Array.from(list);
  if (all.length === 0) return undefined;
  const paths = all.map((file) => (file.webkitRelativePath || file.name).split('/'));
  const name = paths[0]!.length > 1 ? paths[0]![0]! : 'the chosen files';
  const files = new Map<string, Blob>();
  all.forEach((file, i) => {
    if (paths[i]!.length <= 2) files.set(file.name, file);
  });
  return { name, files };
}

function filesOf(dir: FileSystemDirectoryEntry): Promise<File[]> {
  const reader = dir.createReader();
  const entries: FileSystemEntry[] = [];
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) {
          const files = entries.filter((e): e is FileSystemFileEntry => e.isFile);
          Promise.all(files.map((e) => new Promise<File>((done, fail) => e.file(done, fail)))).then(
            resolve,
            reject,
          );
        } else {
          entries.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

/** What was dropped: one folder's files, or the files themselves. */
export async function fromDrop(transfer: DataTransfer): Promise<PickedFolder | undefined> {
  const entries = Array.from(transfer.items, (item) => item.webkitGetAsEntry?.()).filter(
    (entry): entry is FileSystemEntry => !!entry,
  );
  const dir = entries.find((entry): entry is FileSystemDirectoryEntry => entry.isDirectory);
  if (dir) {
    const files = await filesOf(dir);
    return { name: dir.name, files: new Map(files.map((file) => [file.name, file])) };
  }
  return fromFileList(transfer.files);
}
