// The shipped target as a widget's `model` prop, read from disk for the widgets' *.svelte.test.ts (Vitest runs from
// the repository root).
import { readFileSync } from 'node:fs';
import { parameterCount, parseConfig } from '@engine/index';
import type { TrainedModel } from '../frame/model-fit';

const config = parseConfig(JSON.parse(readFileSync('public/models/prose-target/config.json', 'utf8')));

export const targetModel: TrainedModel = {
  id: 'prose-target',
  config,
  parameters: parameterCount(config),
  path: '/models/prose-target',
  cardPage: '/model-cards/prose-target/',
};
