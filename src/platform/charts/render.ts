// Turns a Vega-Lite spec into an inline-safe, accessible SVG string, headless (no canvas, no DOM).
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { openSvg } from './svg.js';
import { installArialMetrics } from './text-metrics.js';

installArialMetrics(vega);

/** A layered Vega-Lite spec and one of its layers, named from the public `TopLevelSpec` type. */
export type LayeredSpec = Extract<TopLevelSpec, { layer: unknown }>;
export type SpecLayer = LayeredSpec['layer'][number];

/** Collects Vega and Vega-Lite messages instead of writing them to the console. */
export class CollectingLogger implements vega.LoggerInterface {
  readonly messages: string[] = [];
  #level = vega.Warn;
  level(): number;
  level(level: number): this;
  level(level?: number): number | this {
    if (level === undefined) return this.#level;
    this.#level = level;
    return this;
  }
  error(...args: unknown[]): this {
    return this.#record('error', args);
  }
  warn(...args: unknown[]): this {
    return this.#record('warn', args);
  }
  info(): this {
    return this;
  }
  debug(): this {
    return this;
  }
  #record(kind: string, args: unknown[]): this {
    this.messages.push(`${kind}: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`);
    return this;
  }
}

/** Compiles a Vega-Lite spec to Vega with messages sent to `logger` (tests assert there are none). */
export function compileSpec(spec: TopLevelSpec, logger: vega.LoggerInterface = new CollectingLogger()) {
  return compile(spec, { logger }).spec;
}

// Rendering is deterministic, so the same spec and summary always give the same SVG: a small
// least-recently-used memo lets dashboards that redraw unchanged indicators skip Vega (~30 ms a chart).
// The key holds all the data, so an entry can never be stale. Promises are stored so that concurrent
// requests for one chart share a single render.
const CACHE_LIMIT = 200;
const cache = new Map<string, Promise<string>>();

/** Empties the render memo (tests use it to time and compare real renders). */
export function clearChartCache(): void {
  cache.clear();
}

/**
 * Renders a Vega-Lite spec to SVG and makes it a single accessible image named by `summary`.
 * Vega's own ARIA roles describe its scenegraph to nobody useful once the whole chart is role="img"
 * (children of an img are presentational), so they are removed along with the xlink namespace.
 */
export function renderVegaLiteSvg(spec: TopLevelSpec, summary: string): Promise<string> {
  const key = JSON.stringify([spec, summary]);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const rendering = renderUncached(spec, summary);
  cache.set(key, rendering);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  void rendering.catch(() => cache.delete(key));
  return rendering;
}

async function renderUncached(spec: TopLevelSpec, summary: string): Promise<string> {
  // Messages are dropped here, not printed: the tests compile every kind of spec and require none.
  const logger = new CollectingLogger();
  const view = new vega.View(vega.parse(compileSpec(spec, logger)), { renderer: 'none', logger });
  try {
    return accessibleSvg(await view.toSVG(), summary);
  } finally {
    view.finalize();
  }
}

const VEGA_ROOT = /^<svg\b[^>]*\bwidth="([\d.]+)" height="([\d.]+)" viewBox="([\d. -]+)"[^>]*>/;
// Vega escapes '<', '>', '"' and '&' in text and attribute values, so every '<…>' in its output is a tag.
const TAG = /<[^>]+>/g;
const NOISE_ATTRIBUTES = / (?:role|aria-roledescription|aria-label|aria-hidden|pointer-events)="[^"]*"/g;

function accessibleSvg(vegaSvg: string, summary: string): string {
  const root = VEGA_ROOT.exec(vegaSvg);
  if (!root) throw new Error('Unexpected SVG from Vega: no sized root element');
  const body = vegaSvg.slice(root[0].length).replace(TAG, (tag) => tag.replace(NOISE_ATTRIBUTES, ''));
  return openSvg(Number(root[1]), Number(root[2]), summary, root[3]) + body;
}
