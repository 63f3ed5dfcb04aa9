// Every page the site builds, found in dist/ (the test command builds before the end-to-end tests run).
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Each index.html under `folder` (dist/ by default), as the path a reader opens. */
export function builtPages(folder = 'dist'): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return builtPages(path);
    return name === 'index.html'
      ? [`/${relative('dist', folder).split(sep).join('/')}/`.replace('//', '/')]
      : [];
  });
}
