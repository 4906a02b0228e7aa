// Chart colours from the GOV.UK Frontend v6 palette, and the WCAG contrast maths that justifies each choice.

/** Colours as defined in govuk-frontend 6 (`settings/_colours-palette--internal.scss`). */
export const GOVUK = {
  black: '#0b0c0c',
  darkGrey: '#484949', // black tint-25
  midGrey: '#cecece', // black tint-80: gridlines only, never data
  white: '#ffffff',
  blue: '#1d70b8',
  darkBlue: '#0f385c', // blue shade-50
  green: '#0f7a52',
  lightGreen: '#4b9b7d', // green tint-25
  teal: '#158187',
  purple: '#54319f',
  magenta: '#ca357c',
  red: '#ca3535',
  darkOrange: '#b7592a', // orange shade-25: the primary orange is under 3:1 on white
  brown: '#99704a',
} as const;

/** Background every chart is drawn on; contrast is measured against it. */
export const CHART_BACKGROUND = GOVUK.white;

const HEX_COLOUR = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Only plain hex colours reach the SVG: anything else (e.g. `url(...)`) could pull in an external resource. */
export function assertHexColour(colour: string): string {
  if (!HEX_COLOUR.test(colour)) {
    throw new RangeError(`Chart colour must be a hex colour such as #1d70b8, got ${JSON.stringify(colour)}`);
  }
  return colour.toLowerCase();
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2.x relative luminance of a hex colour. */
export function relativeLuminance(colour: string): number {
  let hex = assertHexColour(colour).slice(1);
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join('');
  const [r, g, b] = [0, 2, 4].map((i) => channel(parseInt(hex.slice(i, i + 2), 16)));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2.x contrast ratio between two hex colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/**
 * White or GOV.UK black, whichever reads better on `fill` (for labels drawn inside bars), falling back to
 * pure black for mid-tones such as GOV.UK brown where neither reaches 4.5:1. Pure black or pure white
 * always reaches at least 4.58:1 on any colour, so the label always meets WCAG 1.4.3.
 */
export function textColourOn(fill: string): string {
  const onWhite = contrastRatio(fill, GOVUK.white);
  const onBlack = contrastRatio(fill, GOVUK.black);
  if (Math.max(onWhite, onBlack) >= 4.5) return onWhite >= onBlack ? GOVUK.white : GOVUK.black;
  return onWhite >= contrastRatio(fill, '#000000') ? GOVUK.white : '#000000';
}
