// The heap of a page's dedicated worker, from a heap snapshot after a full garbage collection, read through the
// Chrome DevTools Protocol (Playwright opens CDP sessions on pages only, so the worker is reached as the page's
// attached target). Besides the whole heap it sums the objects the page's code made: V8's compiled code and its own
// bookkeeping grow for a while as functions are optimised, which is not the page holding on to anything.
import type { Page } from '@playwright/test';

export interface HeapFigures {
  /** Every node of the snapshot, in bytes. */
  total: number;
  /** Less compiled code and V8's internal objects: what the worker's JavaScript allocated and still holds. */
  objects: number;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

type Message = { id?: number; method?: string; params?: { chunk: string }; error?: { message: string } };

function figures({ snapshot: { meta }, nodes, strings }: Snapshot): HeapFigures {
  const width = meta.node_fields.length;
  const [type, name, size] = ['type', 'name', 'self_size'].map((field) => meta.node_fields.indexOf(field));
  const heap = { total: 0, objects: 0 };
  for (let i = 0; i < nodes.length; i += width) {
    const bytes = nodes[i + size!]!;
    heap.total += bytes;
    const kind = meta.node_types[0][nodes[i + type!]!]!;
    const internal =
      ['code', 'hidden', 'synthetic'].includes(kind) || strings[nodes[i + name!]!]!.startsWith('system / ');
    if (!internal) heap.objects += bytes;
  }
  return heap;
}

/** A reader of the heap of `page`'s first dedicated worker to start after this is called. */
export async function workerHeap(page: Page): Promise<() => Promise<HeapFigures>> {
  const cdp = await page.context().newCDPSession(page);
  let target: string | undefined;
  cdp.on('Target.attachedToTarget', (event) => {
    if (event.targetInfo.type === 'worker') target ??= event.sessionId;
  });
  const replies = new Map<number, (error?: { message: string }) => void>();
  let chunks: string[] = [];
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message) as Message;
    if (message.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(message.params!.chunk);
    else if (message.id !== undefined) replies.get(message.id)?.(message.error);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  let nextId = 1;
  const send = (method: string) =>
    new Promise<void>((resolve, reject) => {
      if (!target) return reject(new Error('The page has no worker attached yet.'));
      const id = nextId++;
      replies.set(id, (error) => (error ? reject(new Error(`${method}: ${error.message}`)) : resolve()));
      cdp
        .send('Target.sendMessageToTarget', { sessionId: target, message: JSON.stringify({ id, method }) })
        .catch(reject);
    });
  return async () => {
    await send('HeapProfiler.collectGarbage');
    chunks = [];
    await send('HeapProfiler.takeHeapSnapshot');
    return figures(JSON.parse(chunks.join('')) as Snapshot);
  };
}
