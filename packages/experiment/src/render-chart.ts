import type { ExperimentReport, MethodResult } from './report.js';
import type { PretrainedComparison } from './pretrained-comparison.js';
import { niceTicks, outlierFences, sizeAxis } from './chart/chart-scales.js';
import { markerSvg, seriesStyles } from './chart/chart-style.js';

export interface ChartOptions {
  /** Width of the picture in px (default 760). */
  readonly width?: number;
  /** Height of the plot area and axes in px, legend apart (default 380). */
  readonly height?: number;
  /** The legend right of the plot (default) or below it (narrow screens). */
  readonly legend?: 'right' | 'bottom';
}

/** What the chart reads of a report: its results and how to label the axes. */
export type ChartData = Pick<ExperimentReport, 'results' | 'methods' | 'sizes' | 'perClass' | 'repeats' | 'metric' | 'lowerIsBetter'>;

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const f1 = (v: number) => v.toFixed(1);

/**
 * An SVG learning-curve plot: the metric against the labelled target rows, one line per method with its 95% CI of
 * the mean as bars. Sizes stand at their true positions (a log axis when they span a decade, 0 apart behind a
 * break); a method far off the others is clipped at the edge with an arrow and its values written there, so that it
 * does not flatten the rest; each method has its own colour, dash pattern and marker.
 */
export function renderSvgCurves(report: ChartData, options: ChartOptions = {}): string {
  const width = options.width ?? 760;
  const legendBelow = options.legend === 'bottom';
  const plotHeight = options.height ?? 380;
  const pts = report.results.filter((r): r is MethodResult => !r.skipped && !r.failed && !r.reference && Number.isFinite(r.mean));
  if (pts.length === 0) return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>';
  const methods = report.methods.filter((m) => pts.some((p) => p.method === m));
  const styles = seriesStyles(report.methods);
  const [fenceLo, fenceHi] = outlierFences(pts.map((p) => p.mean));
  const legendColumns = legendBelow ? Math.max(1, Math.floor((width - 40) / 170)) : 1;
  const legendRows = legendBelow ? Math.ceil(methods.length / legendColumns) : 0;
  const narrow = width < 480;
  const offScale = (v: number) => v < fenceLo || v > fenceHi;
  const captions = [
    ...(narrow
      ? [`Points: mean over ${report.repeats} draws;`, 'bars: 95% CI of the mean.']
      : [`Points: mean over ${report.repeats} draws; bars: 95% CI of the mean.`]),
    ...(pts.some((p) => offScale(p.mean)) ? ['▲ ▼ off the scale (its value written beside).'] : []),
  ];
  const captionX = narrow ? 8 : 62;
  const pad = { left: 62, right: legendBelow ? 20 : 200, top: 20, bottom: 50 + 15 * captions.length };
  const height = plotHeight + (legendBelow ? legendRows * 18 + 8 : 0);
  const plot = { x0: pad.left, x1: width - pad.right, y0: pad.top, y1: plotHeight - pad.bottom };

  // The y domain: the means inside the fences, widened by their CIs up to half the means' span a side.
  const kept = pts.filter((p) => !offScale(p.mean));
  let lo = kept.reduce((m, p) => Math.min(m, p.mean), Infinity);
  let hi = kept.reduce((m, p) => Math.max(m, p.mean), -Infinity);
  const meanSpan = hi - lo || Math.abs(hi) * 0.1 || 1;
  const ciLo = kept.reduce((m, p) => Math.min(m, Number.isFinite(p.ci[0]) ? p.ci[0] : p.mean), Infinity);
  const ciHi = kept.reduce((m, p) => Math.max(m, Number.isFinite(p.ci[1]) ? p.ci[1] : p.mean), -Infinity);
  lo = Math.max(ciLo, lo - meanSpan / 2);
  hi = Math.min(ciHi, hi + meanSpan / 2);
  if (hi - lo < 1e-12) {
    lo -= meanSpan / 2;
    hi += meanSpan / 2;
  }
  const margin = 0.04 * (hi - lo);
  lo -= margin;
  hi += margin;
  if (report.metric === 'accuracy') {
    lo = Math.max(0, lo);
    hi = Math.min(1, hi);
  }
  const { ticks, decimals } = niceTicks(lo, hi);
  const axis = sizeAxis(report.sizes);
  const x = (k: number) => plot.x0 + 10 + axis.position(k) * (plot.x1 - plot.x0 - 20);
  // Each method's points and bars sit a little apart at a size, so that overlapping intervals stay readable.
  const dodgeStep = Math.min(4, 36 / Math.max(1, methods.length));
  const dodge = new Map(methods.map((m, i) => [m, (i - (methods.length - 1) / 2) * dodgeStep]));
  const y = (v: number) => plot.y1 - ((v - lo) / (hi - lo)) * (plot.y1 - plot.y0);
  const clampY = (v: number) => Math.min(plot.y1, Math.max(plot.y0, y(v)));
  const format = (v: number) => v.toFixed(report.metric === 'accuracy' ? 3 : decimals + 1);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Learning curves: ${escapeXml(report.metric)} against labelled target rows" font-family="system-ui, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<rect x="${plot.x0}" y="${plot.y0}" width="${plot.x1 - plot.x0}" height="${plot.y1 - plot.y0}" fill="none" stroke="#ccc"/>`,
  ];
  for (const v of ticks) {
    parts.push(`<line x1="${plot.x0}" x2="${plot.x1}" y1="${f1(y(v))}" y2="${f1(y(v))}" stroke="#eee"/>`);
    parts.push(`<text x="${plot.x0 - 6}" y="${f1(y(v) + 4)}" font-size="11" text-anchor="end" fill="#333">${v.toFixed(decimals)}</text>`);
  }
  let lastLabel = -Infinity;
  for (const k of [...report.sizes].sort((a, b) => a - b)) {
    const px = x(k);
    parts.push(`<line x1="${f1(px)}" x2="${f1(px)}" y1="${plot.y1}" y2="${plot.y1 + 4}" stroke="#666"/>`);
    if (px - lastLabel < 22) continue;
    lastLabel = px;
    parts.push(`<text x="${f1(px)}" y="${plot.y1 + 17}" font-size="11" text-anchor="middle" fill="#333">${k}</text>`);
  }
  if (axis.breakAt !== undefined) {
    const bx = plot.x0 + 10 + axis.breakAt * (plot.x1 - plot.x0 - 20);
    parts.push(`<path d="M${f1(bx - 5)} ${plot.y1 + 5}l4 -10M${f1(bx + 1)} ${plot.y1 + 5}l4 -10" stroke="#666" fill="none"/>`);
  }
  const xTitle = `labelled target rows${report.perClass ? ' per class' : ''}${axis.log ? ' (log scale)' : ''}`;
  parts.push(`<text x="${f1((plot.x0 + plot.x1) / 2)}" y="${plot.y1 + 35}" font-size="12" text-anchor="middle">${xTitle}</text>`);
  parts.push(
    `<text x="14" y="${f1((plot.y0 + plot.y1) / 2)}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${f1((plot.y0 + plot.y1) / 2)})">${escapeXml(report.metric.toUpperCase())} (${report.lowerIsBetter ? 'lower' : 'higher'} is better)</text>`,
  );
  captions.forEach((text, i) =>
    parts.push(`<text x="${captionX}" y="${plot.y1 + 54 + 15 * i}" font-size="11" fill="#555">${escapeXml(text)}</text>`),
  );

  for (const m of methods) {
    const style = styles.get(m) ?? { color: '#000', dash: '', marker: 'circle' as const };
    const line = pts.filter((p) => p.method === m).sort((a, b) => a.size - b.size);
    const xm = (k: number) => x(k) + (dodge.get(m) ?? 0);
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    // The line joins the points on the scale; a point off it is an arrow at the edge, not a line along the frame.
    const inside = (p: MethodResult) => y(p.mean) >= plot.y0 && y(p.mean) <= plot.y1;
    let run: MethodResult[] = [];
    for (const p of [...line, undefined]) {
      if (p && inside(p)) {
        run.push(p);
        continue;
      }
      if (run.length > 1)
        parts.push(
          `<polyline fill="none" stroke="${style.color}" stroke-width="2"${dash} points="${run.map((q) => `${f1(xm(q.size))},${f1(y(q.mean))}`).join(' ')}"/>`,
        );
      run = [];
    }
    for (const p of line) {
      const px = xm(p.size);
      if (Number.isFinite(p.ci[0]) && Number.isFinite(p.ci[1])) {
        const [a, b] = [clampY(p.ci[0]), clampY(p.ci[1])];
        parts.push(`<line x1="${f1(px)}" x2="${f1(px)}" y1="${f1(a)}" y2="${f1(b)}" stroke="${style.color}" stroke-width="1.3"/>`);
        for (const [end, v] of [
          [a, p.ci[0]],
          [b, p.ci[1]],
        ] as const)
          if (y(v) === end)
            parts.push(`<line x1="${f1(px - 4)}" x2="${f1(px + 4)}" y1="${f1(end)}" y2="${f1(end)}" stroke="${style.color}"/>`);
      }
      const py = y(p.mean);
      if (py < plot.y0 || py > plot.y1) {
        const up = py < plot.y0;
        const ey = up ? plot.y0 : plot.y1;
        parts.push(
          `<path d="M${f1(px)} ${f1(up ? ey - 2 : ey + 2)}l-6 ${up ? 10 : -10}h12Z" fill="${style.color}"><title>${escapeXml(`${m}: ${format(p.mean)}`)}</title></path>`,
        );
        const tx = Math.min(plot.x1 - 22, Math.max(plot.x0 + 22, px));
        parts.push(
          `<text x="${f1(tx)}" y="${f1(up ? ey + 21 : ey - 14)}" font-size="10" text-anchor="middle" fill="${style.color}">${format(p.mean)}</text>`,
        );
      } else {
        parts.push(markerSvg(style, px, py));
      }
    }
  }
  const line = (m: string) => pts.filter((p) => p.method === m);
  methods.forEach((m, i) => {
    const style = styles.get(m) ?? { color: '#000', dash: '', marker: 'circle' as const };
    const lx = legendBelow ? 20 + (i % legendColumns) * 170 : width - pad.right + 16;
    const ly = legendBelow ? plotHeight + 4 + Math.floor(i / legendColumns) * 18 : pad.top + 6 + i * 18;
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    parts.push(`<line x1="${lx}" x2="${lx + 26}" y1="${ly}" y2="${ly}" stroke="${style.color}" stroke-width="2"${dash}/>`);
    parts.push(markerSvg(style, lx + 13, ly));
    const off = line(m).find((p) => y(p.mean) < plot.y0 || y(p.mean) > plot.y1);
    const note = off ? (y(off.mean) < plot.y0 ? ' ▲' : ' ▼') : '';
    parts.push(`<text x="${lx + 32}" y="${ly + 4}" font-size="12">${escapeXml(m)}${note}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A few-shot comparison from a pretrained network (comparePretrained) as the same chart: accuracy against examples per class. */
export function renderPretrainedCurves(comparison: PretrainedComparison, options: ChartOptions = {}): string {
  const results: MethodResult[] = comparison.curves.flatMap((c) =>
    comparison.sizes.map((size, s) => ({
      method: c.label,
      size,
      mean: c.mean[s],
      std: c.std[s],
      ci: c.ci[s],
      repeats: comparison.repeats,
      scores: [],
    })),
  );
  return renderSvgCurves(
    {
      results,
      methods: comparison.curves.map((c) => c.label),
      sizes: comparison.sizes,
      perClass: true,
      repeats: comparison.repeats,
      metric: 'accuracy',
      lowerIsBetter: false,
    },
    options,
  );
}
