// Builds the stylesheet (govuk-frontend and MoJ Frontend with the council font stack) when it is missing or stale.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { SRC_DIR } from './nunjucks.js';

const require = createRequire(import.meta.url);

export const ASSET_DIR = path.resolve(SRC_DIR, '../dist/assets');
const SOURCE = path.join(SRC_DIR, 'platform/styles/app.scss');

function newestSourceMtime(): number {
  const dir = path.dirname(SOURCE);
  return Math.max(...fs.readdirSync(dir).map((f) => fs.statSync(path.join(dir, f)).mtimeMs));
}

let building: Promise<void> | null = null;

/** Compiles app.scss to dist/assets/app.css once per change; cheap to call on every start. */
export function ensureAssets(): Promise<void> {
  building ??= (async () => {
    const out = path.join(ASSET_DIR, 'app.css');
    if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= newestSourceMtime()) return;
    const sass = await import('sass');
    const nodeModules = path.resolve(path.dirname(require.resolve('govuk-frontend/package.json')), '..');
    const result = sass.compile(SOURCE, {
      loadPaths: [path.resolve(nodeModules, '..')],
      style: 'compressed',
      quietDeps: true,
      silenceDeprecations: ['import', 'global-builtin', 'mixed-decls'],
      logger: sass.Logger.silent,
    });
    fs.mkdirSync(ASSET_DIR, { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, result.css);
    fs.renameSync(tmp, out);
  })();
  return building;
}
