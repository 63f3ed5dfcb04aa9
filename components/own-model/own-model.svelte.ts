/**
 * The reader's own model as the page knows it: what was kept (own-model-store.ts), updated when this page picks or
 * removes one and when another tab does (the storage event).
 */
import { onMount } from 'svelte';
import { OWN_MODEL_CHANGED, readOwnModelMeta, type OwnModelMeta } from './own-model-store';

class OwnModel {
  meta = $state<OwnModelMeta | undefined>(readOwnModelMeta());

  refresh = () => {
    this.meta = readOwnModelMeta();
  };
}

const shared = new OwnModel();

/** The page's one view of the reader's own model, for a component (read once it is on the page). */
export function useOwnModel(): OwnModel {
  onMount(() => {
    shared.refresh();
    addEventListener(OWN_MODEL_CHANGED, shared.refresh);
    addEventListener('storage', shared.refresh);
    return () => {
      removeEventListener(OWN_MODEL_CHANGED, shared.refresh);
      removeEventListener('storage', shared.refresh);
    };
  });
  return shared;
}
