// The engine's doors, enforced: the site (components/, site/, lessons/, e2e/) imports the engine only through
// engine/index.ts, and the speed benchmark (bench/) only through engine/index.ts or engine/bench-entry.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const SOURCE = /\.(ts|mts|mjs|js|svelte|astro|mdx)$/;

/** Every source file below `folder`, relative to the repository. */
function sources(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((path) => SOURCE.test(path) && !path.includes('node_modules'))
    .map((path) => join(folder, path));
}

/** The engine files `file` imports (static, dynamic or re-exported), relative to the repository, without extension. */
function engineImports(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers
    .map((spec) =>
      spec.startsWith('@engine/')
        ? join('engine', spec.slice('@engine/'.length))
        : spec.startsWith('.')
          ? relative(root, resolve(root, dirname(file), spec))
          : '',
    )
    .filter((path) => path.startsWith('engine/'))
    .map((path) => path.replace(/\.(ts|js)$/, ''));
}

function strayImports(folders: string[], allowed: string[]): string[] {
  return folders.flatMap((folder) =>
    sources(folder).flatMap((file) =>
      engineImports(file, readFileSync(join(root, file), 'utf8'))
        .filter((path) => !allowed.includes(path))
        .map((path) => `${file} imports ${path}`),
    ),
  );
}

describe("the engine's public entries", () => {
  it('reads imports of every form', () => {
    const text = [
      "import { a } from '@engine/index';",
      "import type { B } from '../../engine/model/config';",
      "export { c } from '../engine/bench-entry.ts';",
      "const d = await import('@engine/gpu/forward');",
      "import e from './local';",
    ].join('\n');
    expect(engineImports('components/x/y.ts', text)).toEqual([
      'engine/index',
      'engine/model/config',
      'engine/gpu/forward',
    ]);
    expect(engineImports('bench/run.ts', "export { c } from '../engine/bench-entry.ts';")).toEqual([
      'engine/bench-entry',
    ]);
  });

  it('the site reaches the engine only through engine/index.ts', () => {
    expect(strayImports(['components', 'site', 'lessons', 'e2e'], ['engine/index'])).toEqual([]);
  });

  it('the benchmark reaches it only through engine/index.ts and engine/bench-entry.ts', () => {
    expect(strayImports(['bench'], ['engine/index', 'engine/bench-entry'])).toEqual([]);
  });
});
