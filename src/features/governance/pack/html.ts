// The board pack as one self-contained HTML document (styles inline, charts as inline SVG): what
// is stored when a pack is issued, what the PDF is printed from, and what opens in any browser.
import fs from 'node:fs';
import nunjucks from 'nunjucks';
import { configureNunjucks, templatePaths } from '../../../platform/web/nunjucks.js';
import { DELIVERY_STATUS_LABELS, RAG_LABELS } from '../../plan/rules/rules.js';
import { changesHeadline, type PackChanges } from './changes.js';
import { SECTION_TITLES, type PackModel } from './model.js';

const CSS = fs.readFileSync(new URL('./pack.css', import.meta.url), 'utf8');

let env: nunjucks.Environment | null = null;
function environment(): nunjucks.Environment {
  if (!env) {
    env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templatePaths()), { autoescape: true });
    configureNunjucks(env);
    for (const [name, value] of Object.entries(packGlobals())) env.addGlobal(name, value);
  }
  return env;
}

/** What the pack templates read besides the model; the in-app preview adds the same globals. */
export function packGlobals() {
  return {
    packLabels: { rag: RAG_LABELS, status: DELIVERY_STATUS_LABELS },
    sectionTitles: SECTION_TITLES,
    meetingActionLabels: { open: 'Open', done: 'Done', dropped: 'Dropped' },
    forwardLabels: { planned: 'Planned', scheduled: 'On an agenda', done: 'Done' },
  };
}

export function packContext(model: PackModel, changes: PackChanges | null) {
  // The red and amber actions, worst first, looked up once here: matching each reference against
  // every action in the template took most of the render time of a 600-action plan (issue 9).
  const byRef = new Map((model.plan?.actions ?? []).map((a) => [a.ref, a]));
  const exceptionActions = (model.plan?.exceptionRefs ?? []).flatMap((ref) => byRef.get(ref) ?? []);
  return { pack: model, changes, changesHeadline: changes ? changesHeadline(changes) : '', exceptionActions };
}

export function renderPackHtml(
  model: PackModel,
  options: { changes?: PackChanges | null; issuedAt?: Date | null } = {},
): string {
  return environment().render('governance/views/pack/document.njk', {
    ...packContext(model, options.changes ?? null),
    css: CSS,
    issued: options.issuedAt ?? null,
  });
}
