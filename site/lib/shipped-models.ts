/**
 * The trained models shipped in public/models/, read at build time: each folder's config.json (parsed by the
 * engine, so a bad file fails the build by name) and its training card. Widgets get plain data from here as props.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parameterCount, parseConfig, type LlamaConfig } from '@engine/index';

export interface ShippedModel {
  /** Folder name, e.g. "prose-target". */
  id: string;
  /** What the model is for, from its card. */
  role: string;
  config: LlamaConfig;
  parameters: number;
  /** Site path of the folder holding config.json, model.safetensors and tokenizer.json. */
  path: string;
  /** Site path of its model card page. */
  cardPage: string;
  /** The training card as written by training/train.py. */
  card: Record<string, unknown>;
}

const MODELS_DIR = join(process.cwd(), 'public', 'models');

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function shippedModels(): ShippedModel[] {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return readdirSync(MODELS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map(({ name: id }) => {
      const config = parseConfig(readJson(join(MODELS_DIR, id, 'config.json')));
      const card = readJson(join(MODELS_DIR, id, 'card.json')) as Record<string, unknown>;
      return {
        id,
        role: String(card['role']),
        config,
        parameters: parameterCount(config),
        path: `${base}/models/${id}`,
        cardPage: `${base}/model-cards/${id}/`,
        card,
      };
    })
    .sort((a, b) => b.parameters - a.parameters); // the largest, the target the lessons run, first
}

/** A shipped model as the widgets that run it take it: its shape and where its files are, without its card. */
export type TrainedModel = Pick<ShippedModel, 'id' | 'config' | 'parameters' | 'path' | 'cardPage'>;

/** The shipped model `id` as a lesson's widgets take it; throws, naming the folders there are, if it is missing. */
export function trainedModel(id: string): TrainedModel {
  const shipped = shippedModels();
  const model = shipped.find((m) => m.id === id);
  if (!model) {
    const folders = shipped.map((m) => m.id).join(', ');
    throw new Error(`No shipped model "${id}": public/models/ holds ${folders}.`);
  }
  const { config, parameters, path, cardPage } = model;
  return { id, config, parameters, path, cardPage };
}

/** The shipped models `ids`, in that order, for a widget that offers several. */
export function trainedModels(...ids: string[]): TrainedModel[] {
  return ids.map(trainedModel);
}
