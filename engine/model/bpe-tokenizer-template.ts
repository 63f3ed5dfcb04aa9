/**
 * A tokenizer.json's post-processor: the ids its template puts before a text (Llama's BOS, `<s>` or
 * `<|begin_of_text|>`), which Hugging Face adds when asked for special tokens, as transformers does by default for a
 * prompt. Whatever the template puts after the text (an EOS) ends a finished text, never a prompt, and is not read.
 * ByteLevel's offset trimming changes no id.
 */
import { absent, fail, isObject, type Json } from './bpe-tokenizer-error';
import { shown } from './shown';

/** The ids a prompt starts with under `post` (none without a template). */
export function readPromptPrefix(post: unknown): number[] {
  if (absent(post)) return [];
  const steps = isObject(post) && post['type'] === 'Sequence' ? post['processors'] : [post];
  if (
    !Array.isArray(steps) ||
    !steps.every((p) => isObject(p) && ['ByteLevel', 'TemplateProcessing'].includes(p['type'] as string))
  ) {
    fail('post_processor must be ByteLevel, TemplateProcessing or a Sequence of them');
  }
  return (steps as Json[]).filter((p) => p['type'] === 'TemplateProcessing').flatMap(templatePrefix);
}

function templatePrefix(template: Json): number[] {
  const single = template['single'];
  if (!Array.isArray(single)) fail('post_processor TemplateProcessing needs a single template');
  const text = single.findIndex((item) => isObject(item) && isObject(item['Sequence']));
  if (text < 0) fail('post_processor TemplateProcessing single has no Sequence');
  return single.slice(0, text).flatMap((item: unknown) => {
    const name = isObject(item) && isObject(item['SpecialToken']) ? item['SpecialToken']['id'] : undefined;
    const special = isObject(template['special_tokens']) ? template['special_tokens'] : {};
    const ids = typeof name === 'string' && isObject(special[name]) ? special[name]['ids'] : undefined;
    if (!Array.isArray(ids) || !ids.every((id) => Number.isSafeInteger(id) && id >= 0)) {
      fail(`post_processor TemplateProcessing single item ${shown(item)} names no special token with ids`);
    }
    return ids as number[];
  });
}
