/** A figure a training script measured, cited by the shipped model card it is read from. */
import type { Source } from '@engine/index';

const base = import.meta.env.BASE_URL.replace(/\/$/, '');

/** `script`'s figure on the model card of `id`, with the card's page on this site. */
export const modelCardSource = (id: string, script: string): Source => ({
  title: `${script}, on the model card of ${id}`,
  url: `${base}/model-cards/${id}/`,
});
