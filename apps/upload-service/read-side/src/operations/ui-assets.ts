import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The operations page's files: `ui/public` (HTML, CSS) and `ui/dist` (the page's TypeScript compiled
 * by `nx run upload-service-ui:build`), read once they exist. Only names found there are served, so a
 * request can never reach another file.
 */
export class UiAssets {
  private loaded: ReadonlyMap<string, Asset> | undefined;

  constructor(private readonly root: string) {}

  /** apps/upload-service/ui, from read-side/src/operations or read-side/dist/operations alike. */
  static beside(dirname: string): UiAssets {
    return new UiAssets(path.resolve(dirname, '..', '..', '..', 'ui'));
  }

  get(name: string): Asset | undefined {
    return this.files()?.get(name);
  }

  /** Why the page cannot be served, or undefined when it can. */
  missing(): string | undefined {
    return this.files()?.has('main.js') === true
      ? undefined
      : `The operations page is not built: run \`npx nx run upload-service-ui:build\` (looked in ${this.root}/dist).`;
  }

  private files(): ReadonlyMap<string, Asset> | undefined {
    if (this.loaded !== undefined) return this.loaded;
    const found = new Map<string, Asset>();
    for (const dir of ['public', 'dist']) {
      const folder = path.join(this.root, dir);
      if (!existsSync(folder)) continue;
      for (const name of readdirSync(folder)) {
        const type = TYPES[path.extname(name)];
        if (type !== undefined)
          found.set(name, { contentType: type, body: readFileSync(path.join(folder, name)) });
      }
    }
    // Keep looking until the build has run (tests build the page before they open it).
    if (found.has('main.js')) this.loaded = found;
    return found;
  }
}
