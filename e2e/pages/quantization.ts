// Page object for lesson 4, quantization: its widgets and its exercises.
import { KvCacheLesson } from './kv-cache';
import type { Widget } from './lesson-page';

export class QuantizationLesson extends KvCacheLesson {
  override async open(query = ''): Promise<void> {
    await this.goto('quantization', query);
  }

  /** A value in each number format: its bits, its neighbours and the rounding error. */
  formats(): Promise<Widget> {
    return this.widget('number-formats');
  }

  /** Published Llama models on one GPU at bf16, int8 and int4. */
  serving(): Promise<Widget> {
    return this.widget('quantized-serving');
  }
}
