// `npm run docs:security`: rewrites the generated access matrix in docs/security.md from the code.
import fs from 'node:fs';
import path from 'node:path';
import { createTestApp } from '../test/helpers/app.js';
import { routeCatalogue } from '../src/platform/security/route-catalogue.js';
import { MATRIX_END, MATRIX_START, renderAccessMatrix } from '../src/platform/security/matrix-doc.js';

const file = path.resolve(import.meta.dirname, '../docs/security.md');
const t = await createTestApp('pglite');
try {
  const doc = fs.readFileSync(file, 'utf8');
  const start = doc.indexOf(MATRIX_START);
  const end = doc.indexOf(MATRIX_END);
  if (start < 0 || end < 0)
    throw new Error(`docs/security.md must contain the markers ${MATRIX_START} … ${MATRIX_END}`);
  const next =
    doc.slice(0, start) + renderAccessMatrix(routeCatalogue(t.app)) + doc.slice(end + MATRIX_END.length);
  fs.writeFileSync(file, next);
  console.log('docs/security.md updated');
} finally {
  await t.close();
}
