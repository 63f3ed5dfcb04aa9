// Keeping the reader's checkpoint in the site's file storage (OPFS), against a stand-in for the browser's: what is
// written, and the reason the page gives when the files stay in this page alone (storage full, a write refused).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckpointInspection } from '@engine/index';
import { keepOwnModel, ownModelFiles, removeOwnModel } from './own-model-store';

const inspection = { shards: ['model.safetensors'] } as CheckpointInspection;
const files = new Map<string, Blob>([
  ['config.json', new Blob(['{}'])],
  ['tokenizer.json', new Blob(['t'.repeat(98)])],
  ['model.safetensors', new Blob(['w'.repeat(200)])],
  ['README.md', new Blob(['not read by the engine'])],
]);

/** The browser's storage for the site: its quota left, and the error a write of the `failing`th file throws. */
function fakeStorage(room: number, failing?: { at: number; error: Error }) {
  const written = new Map<string, string>();
  let writes = 0;
  const dir = {
    getFileHandle: async (name: string) => ({
      createWritable: async () => {
        if (failing && writes++ === failing.at) throw failing.error;
        const chunks: string[] = [];
        return new WritableStream<Uint8Array>({
          write: (chunk) => void chunks.push(new TextDecoder().decode(chunk)),
          close: () => void written.set(name, chunks.join('')),
        });
      },
    }),
  };
  const root = { getDirectoryHandle: async () => dir, removeEntry: async () => written.clear() };
  vi.stubGlobal('navigator', {
    storage: { getDirectory: async () => root, estimate: async () => ({ quota: 1000, usage: 1000 - room }) },
  });
  return written;
}

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

beforeEach(() => vi.stubGlobal('dispatchEvent', () => true));
afterEach(async () => {
  await removeOwnModel();
  vi.unstubAllGlobals();
});

describe('keeping the reader’s model', () => {
  it('writes the files the engine reads, and only those', async () => {
    const written = fakeStorage(10_000);
    const meta = await keepOwnModel('m', files, inspection);
    expect(meta).toMatchObject({ kept: true, name: 'm' });
    expect(meta.why).toBeUndefined();
    expect([...written.keys()].sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
    expect(written.get('model.safetensors')).toBe('w'.repeat(200));
  });

  it('holds the files in this page when the site’s quota stops a write, saying how much room is left', async () => {
    const written = fakeStorage(100, { at: 1, error: quota() });
    const meta = await keepOwnModel('m', files, inspection);
    expect(meta).toMatchObject({
      kept: false,
      why: 'the browser lets this site keep 100 B more, less than these files’ 300 B',
    });
    // The file written before the quota stopped the second is removed with it.
    expect(written.size).toBe(0);
    expect(await ownModelFiles()).toBe(files);
  });

  it('holds them in this page when a write is refused, naming the browser’s reason, not a script’s', async () => {
    fakeStorage(10_000, { at: 0, error: new DOMException('disk full', 'InvalidStateError') });
    expect(await keepOwnModel('m', files, inspection)).toMatchObject({
      kept: false,
      why: 'the browser would not keep the files (disk full)',
    });
    fakeStorage(10_000, { at: 0, error: new TypeError('x.createWritable is not a function') });
    expect((await keepOwnModel('m', files, inspection)).why).toBe('the browser would not keep the files');
    expect(await ownModelFiles()).toBe(files);
  });
});
