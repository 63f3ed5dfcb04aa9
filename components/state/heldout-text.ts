/**
 * The held-out text the widgets score and cut prompts from: public/data/heldout.txt (the start of the trained models' validation
 * split, written by training/heldout.py), fetched from the site once per page, again only after a failure.
 */
let text: Promise<string> | undefined;

export function heldoutText(): Promise<string> {
  text ??= fetch(`${import.meta.env.BASE_URL.replace(/\/$/, '')}/data/heldout.txt`)
    .then((response) => {
      if (!response.ok) throw new Error(`The held-out text could not be fetched (HTTP ${response.status}).`);
      return response.text();
    })
    .catch((error: unknown) => {
      text = undefined;
      throw error;
    });
  return text;
}
