import { METHOD_NAMES } from '../method-names.js';

/** How one method is drawn: colour, dash pattern and marker, the same in every report and in the demo. */
export interface SeriesStyle {
  readonly color: string;
  /** An SVG stroke-dasharray ('' for solid). */
  readonly dash: string;
  readonly marker: 'circle' | 'square' | 'triangle';
}

// Okabe & Ito's colour-blind-safe colours (less yellow, too faint on white) and Tol's wine.
const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#882255'];
const LINES: readonly Omit<SeriesStyle, 'color'>[] = [
  { dash: '', marker: 'circle' },
  { dash: '7 4', marker: 'square' },
  { dash: '2 3', marker: 'triangle' },
  { dash: '10 3 2 3', marker: 'circle' },
];
const BASELINES: Readonly<Record<string, SeriesStyle>> = {
  'target-only': { color: '#000000', dash: '', marker: 'circle' },
  'source-only': { color: '#7f7f7f', dash: '7 4', marker: 'square' },
};

/**
 * Styles for the methods of a report: the baselines in black and grey, the others by their place in the registry
 * (so a method keeps its look across reports) through 7 colours × 4 dash patterns and markers: 28 methods apart.
 */
export function seriesStyles(methods: readonly string[]): Map<string, SeriesStyle> {
  const others = [...METHOD_NAMES.filter((m) => !(m in BASELINES)), ...methods.filter((m) => !METHOD_NAMES.includes(m))];
  return new Map(
    methods.map((m) => {
      const fixed = BASELINES[m] as SeriesStyle | undefined;
      if (fixed) return [m, fixed];
      const i = others.indexOf(m);
      return [m, { color: COLORS[i % COLORS.length], ...LINES[Math.floor(i / COLORS.length) % LINES.length] }];
    }),
  );
}

/** An SVG marker of a style at (x, y). */
export function markerSvg(style: SeriesStyle, x: number, y: number, r = 3.5): string {
  const at = (v: number) => v.toFixed(1);
  if (style.marker === 'square')
    return `<rect x="${at(x - r)}" y="${at(y - r)}" width="${at(2 * r)}" height="${at(2 * r)}" fill="${style.color}"/>`;
  if (style.marker === 'triangle')
    return `<path d="M${at(x)} ${at(y - r * 1.2)}L${at(x + r * 1.1)} ${at(y + r * 0.8)}L${at(x - r * 1.1)} ${at(y + r * 0.8)}Z" fill="${style.color}"/>`;
  return `<circle cx="${at(x)}" cy="${at(y)}" r="${at(r)}" fill="${style.color}"/>`;
}
