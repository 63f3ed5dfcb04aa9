/**
 * Whether the component's island has hydrated: buttons rendered on the server do nothing until then, so they are
 * disabled (not hidden, so nothing moves when they come alive), and stay so where scripts do not run.
 */
export function useHydrated(): { readonly ready: boolean } {
  let ready = $state(false);
  $effect(() => {
    ready = true;
  });
  return {
    get ready() {
      return ready;
    },
  };
}
