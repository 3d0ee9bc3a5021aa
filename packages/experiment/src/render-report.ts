import type { ExperimentReport } from './report.js';

function fmt(v: number, metric: string): string {
  return Number.isFinite(v) ? v.toFixed(metric === 'accuracy' ? 3 : 2) : '—';
}

function formatLambda(v: number | null): string {
  if (v === null) return '—';
  if (v === Infinity) return '∞';
  return v === 0 ? '0' : v.toExponential(1);
}

/** The results as a plain-text table (one row per method, one column per size) with the verdicts below. */
export function renderTextTable(report: ExperimentReport, title = ''): string {
  const { metric } = report;
  const head = ['method', ...report.sizes.map((k) => `k=${k}${report.perClass ? '/class' : ''}`)];
  const rows = report.methods.map((m) => [
    m,
    ...report.sizes.map((k) => {
      const r = report.results.find((x) => x.method === m && x.size === k);
      if (!r || r.skipped) return 'skipped';
      return `${fmt(r.mean, metric)} ± ${fmt(r.std, metric)}`;
    }),
  ]);
  const widths = head.map((h, j) => rows.reduce((w, r) => Math.max(w, r[j].length), h.length));
  const line = (cells: string[]) => cells.map((c, j) => c.padEnd(widths[j])).join('  ');
  const out: string[] = [];
  if (title) out.push(title);
  out.push(
    `${metric.toUpperCase()} on held-out target rows (${report.lowerIsBetter ? 'lower' : 'higher'} is better), mean ± sd over ${report.repeats} draws; ${report.sourceRows} source rows, ${report.targetRows} target rows`,
  );
  out.push(line(head), line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) out.push(line(r));
  const t = report.transferability;
  out.push(line(['LogME', ...t.map((x) => (x.logme === null ? '—' : x.logme.toFixed(3)))]));
  out.push(line(['param λ', ...t.map((x) => formatLambda(x.lambdaMedian))]));
  out.push('');
  for (const s of report.summary) out.push(s.sentence);
  const skips = report.results.filter((r) => r.skipped);
  for (const s of new Map(skips.map((r) => [r.method, r.skipped])).entries())
    out.push(`(${s[0]} skipped where it could not run: ${String(s[1])})`);
  return out.join('\n');
}

const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#393b79',
  '#637939',
  '#8c6d31',
  '#843c39',
];

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** An SVG learning-curve plot: the metric against the target size, one line (with 95% CI bars) per method. */
export function renderSvgCurves(report: ExperimentReport, width = 720, height = 380): string {
  const pad = { left: 64, right: 170, top: 20, bottom: 48 };
  const pts = report.results.filter((r) => !r.skipped && Number.isFinite(r.mean));
  if (pts.length === 0) return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>';
  const lo = pts.reduce((m, p) => Math.min(m, Number.isFinite(p.ci[0]) ? p.ci[0] : p.mean), Infinity);
  const hi = pts.reduce((m, p) => Math.max(m, Number.isFinite(p.ci[1]) ? p.ci[1] : p.mean), -Infinity);
  const span = hi - lo || 1;
  const sizes = report.sizes;
  const x = (k: number) => pad.left + (sizes.length === 1 ? 0.5 : sizes.indexOf(k) / (sizes.length - 1)) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - (v - lo + 0.05 * span) / (1.1 * span)) * (height - pad.top - pad.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Learning curves: ${escapeHtml(report.metric)} against target size">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = lo - 0.05 * span + (i / 4) * 1.1 * span;
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eee"/>`);
    parts.push(
      `<text x="${pad.left - 8}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end">${v.toFixed(report.metric === 'accuracy' ? 3 : 2)}</text>`,
    );
  }
  for (const k of sizes)
    parts.push(`<text x="${x(k).toFixed(1)}" y="${height - pad.bottom + 18}" font-size="11" text-anchor="middle">${k}</text>`);
  parts.push(
    `<text x="${(pad.left + width - pad.right) / 2}" y="${height - 10}" font-size="12" text-anchor="middle">labelled target rows${report.perClass ? ' per class' : ''}</text>`,
  );
  parts.push(
    `<text x="14" y="${height / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${height / 2})">${escapeHtml(report.metric.toUpperCase())}</text>`,
  );
  report.methods.forEach((m, i) => {
    const color = COLORS[i % COLORS.length];
    const line = pts.filter((p) => p.method === m).sort((a, b) => a.size - b.size);
    if (line.length > 0) {
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${line.map((p) => `${x(p.size).toFixed(1)},${y(p.mean).toFixed(1)}`).join(' ')}"/>`,
      );
      for (const p of line) {
        if (Number.isFinite(p.ci[0]))
          parts.push(
            `<line x1="${x(p.size).toFixed(1)}" x2="${x(p.size).toFixed(1)}" y1="${y(p.ci[0]).toFixed(1)}" y2="${y(p.ci[1]).toFixed(1)}" stroke="${color}" stroke-opacity="0.5"/>`,
          );
        parts.push(`<circle cx="${x(p.size).toFixed(1)}" cy="${y(p.mean).toFixed(1)}" r="3" fill="${color}"/>`);
      }
    }
    parts.push(`<rect x="${width - pad.right + 14}" y="${pad.top + i * 18}" width="12" height="3" fill="${color}"/>`);
    parts.push(`<text x="${width - pad.right + 32}" y="${pad.top + i * 18 + 5}" font-size="12">${escapeHtml(m)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A self-contained HTML page: the learning-curve plot, the results table, the verdicts and transferability. */
export function renderHtmlReport(report: ExperimentReport, title: string): string {
  const { metric } = report;
  const rows = report.methods
    .map((m) => {
      const cells = report.sizes.map((k) => {
        const r = report.results.find((x) => x.method === m && x.size === k);
        if (!r || r.skipped) return `<td title="${escapeHtml(r?.skipped ?? '')}">skipped</td>`;
        return `<td>${fmt(r.mean, metric)} <small>± ${fmt(r.std, metric)}</small></td>`;
      });
      return `<tr><th scope="row">${escapeHtml(m)}</th>${cells.join('')}</tr>`;
    })
    .join('\n');
  const verdictRows = report.verdicts
    .map(
      (v) =>
        `<tr><td>${v.size}</td><td>${escapeHtml(v.method)}</td><td>${v.baseline}</td><td class="${v.verdict.replace(/ /g, '-')}">${v.verdict}</td><td>${fmt(v.difference, metric)} [${fmt(v.ci[0], metric)}, ${fmt(v.ci[1], metric)}]</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}th[scope=row]{text-align:left}
.helped{color:#1a7f37;font-weight:600}.hurt{color:#b42318;font-weight:600}.no-clear-difference{color:#666}
small{color:#777}svg{max-width:100%;height:auto}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(report.protocol)}</p>
<ul>${report.summary.map((s) => `<li>${escapeHtml(s.sentence)}</li>`).join('')}</ul>
${renderSvgCurves(report)}
<h2>${escapeHtml(metric.toUpperCase())} (mean ± sd over ${report.repeats} draws)</h2>
<table><thead><tr><th scope="col">method</th>${report.sizes.map((k) => `<th scope="col">k = ${k}</th>`).join('')}</tr></thead><tbody>
${rows}
<tr><th scope="row">LogME</th>${report.transferability.map((t) => `<td>${t.logme === null ? '—' : t.logme.toFixed(3)}</td>`).join('')}</tr>
<tr><th scope="row">param λ (median)</th>${report.transferability.map((t) => `<td>${formatLambda(t.lambdaMedian)}</td>`).join('')}</tr>
</tbody></table>
<h2>Paired comparisons</h2>
<table><thead><tr><th>size</th><th>method</th><th>baseline</th><th>verdict</th><th>difference [95% CI]</th></tr></thead><tbody>
${verdictRows}
</tbody></table>
<p><small>Generated by tlkit in ${report.seconds.toFixed(1)} s; seed ${report.seed}.</small></p>
</body></html>
`;
}
