// Reads back what a chart drew (marks, coordinates, text) from its SVG string, for the charts' tests.

export type Attributes = Record<string, string>;

export interface Element {
  name: string;
  attributes: Attributes;
  /** Unescaped text content, for elements that have any (`<text>`, `<title>`). */
  text: string;
}

export function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&amp;/g, '&');
}

function parseAttributes(source: string): Attributes {
  const attributes: Attributes = {};
  for (const match of source.matchAll(/([\w:-]+)="([^"]*)"/g)) attributes[match[1]!] = unescapeXml(match[2]!);
  return attributes;
}

/** Every element named `name` in document order (self-closing or with text content). */
export function elements(svg: string, name: string): Element[] {
  const pattern = new RegExp(`<${name}\\b([^>]*?)(?:/>|>([^<]*)</${name}>|>)`, 'g');
  return [...svg.matchAll(pattern)].map((m) => ({
    name,
    attributes: parseAttributes(m[1]!),
    text: unescapeXml(m[2] ?? ''),
  }));
}

/** The markup inside each `<g>` whose class list includes `className` (mark groups hold no nested groups). */
export function markGroups(svg: string, className: string): string[] {
  const pattern = new RegExp(`<g class="[^"]*\\b${className}\\b[^"]*">(.*?)</g>`, 'g');
  return [...svg.matchAll(pattern)].map((m) => m[1]!);
}

/** All elements called `name` inside the mark groups with class `className`. */
export function marks(svg: string, className: string, name: string): Element[] {
  return markGroups(svg, className).flatMap((group) => elements(group, name));
}

/** The offsets of a `transform="translate(x,y)"`. */
export function translation(element: Element): [number, number] {
  const match = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(element.attributes.transform ?? '');
  if (!match) throw new Error(`No translate() on <${element.name}>`);
  return [Number(match[1]), Number(match[2])];
}

/** The vertices of an SVG path made of M/L commands (as Vega writes lines), one array per sub-path. */
export function subpaths(d: string): [number, number][][] {
  return d
    .split('M')
    .filter((part) => part.trim() !== '')
    .map((part) =>
      part
        .replace(/Z/g, '')
        .split('L')
        .filter(Boolean)
        .map((pair) => pair.split(',').map(Number) as [number, number]),
    );
}

/** The accessible name of a chart's root element. */
export function accessibleName(svg: string): string {
  const root = /^<svg\b([^>]*)>/.exec(svg);
  return unescapeXml(/aria-label="([^"]*)"/.exec(root?.[1] ?? '')?.[1] ?? '');
}

/** True when every '&' in the markup starts an entity: text was escaped and nothing was double-escaped. */
export function entitiesAreWellFormed(svg: string): boolean {
  return !/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(svg);
}
