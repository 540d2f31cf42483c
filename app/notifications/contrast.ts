/**
 * Colour contrast as WCAG 2.1 defines it (success criterion 1.4.3): the
 * relative luminance of an sRGB colour and the contrast ratio of two colours,
 * from 1:1 (the same colour) to 21:1 (black on white). Pure.
 */

export type Rgb = { r: number; g: number; b: number };

/** WCAG AA's minimum contrast for text. */
export const AA_TEXT = 4.5;
/** WCAG AA's minimum contrast for large text (24px, or 18.66px bold) and the edges of controls. */
export const AA_LARGE = 3;

/** A hex colour, `#RGB` or `#RRGGBB` (any case); null when it is not one. */
export function parseHexColour(value: string): Rgb | null {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!match) return null;
  const hex = match[1]!.length === 3 ? [...match[1]!].map((digit) => digit + digit).join("") : match[1]!;
  return { r: parseInt(hex.slice(0, 2), 16), g: parseInt(hex.slice(2, 4), 16), b: parseInt(hex.slice(4, 6), 16) };
}

/** `#RRGGBB` in capitals, the channels rounded. */
export function toHex({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((channel) => Math.round(channel).toString(16).padStart(2, "0")).join("")}`.toUpperCase();
}

function linear(channel: number) {
  const value = channel / 255;
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** WCAG's relative luminance: 0 for black, 1 for white. */
export function relativeLuminance({ r, g, b }: Rgb): number {
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The contrast ratio of two colours, 1 to 21 (the order does not matter). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [lighter, darker] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** A colour drawn at `opacity` over an opaque background: the colour the reader sees. */
export function blend(colour: Rgb, background: Rgb, opacity: number): Rgb {
  const mix = (front: number, back: number) => front * opacity + back * (1 - opacity);
  return { r: mix(colour.r, background.r), g: mix(colour.g, background.g), b: mix(colour.b, background.b) };
}

/**
 * A ratio as people write it before ":1": at most two decimals, cut rather
 * than rounded so a ratio just under a minimum never reads as meeting it
 * (4.4999 is "4.49", not "4.5").
 */
export function formatRatio(ratio: number): string {
  return String(Math.floor(ratio * 100 + 1e-9) / 100);
}
