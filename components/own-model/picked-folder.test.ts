import { describe, expect, it } from 'vitest';
import { fromFileList } from './picked-folder';

/** A file as a folder dialog gives it: with its path inside the chosen folder. */
function inFolder(path: string): File {
  const file = new File(['x'], path.split('/').at(-1)!);
  Object.defineProperty(file, 'webkitRelativePath', { value: path });
  return file;
}

describe('fromFileList', () => {
  it("keeps a chosen folder's own files by name, not those of its subfolders", () => {
    const picked = fromFileList([
      inFolder('Llama-3.2-1B/config.json'),
      inFolder('Llama-3.2-1B/model.safetensors'),
      inFolder('Llama-3.2-1B/original/consolidated.00.pth'),
    ]);
    expect(picked?.name).toBe('Llama-3.2-1B');
    expect([...picked!.files.keys()]).toEqual(['config.json', 'model.safetensors']);
  });

  it('takes files chosen without a folder as they are, and nothing as nothing', () => {
    const picked = fromFileList([new File(['{}'], 'config.json')]);
    expect(picked?.name).toBe('the chosen files');
    expect([...picked!.files.keys()]).toEqual(['config.json']);
    expect(fromFileList([])).toBeUndefined();
  });
});
