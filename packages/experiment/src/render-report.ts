import type { ExperimentReport, VerdictEntry } from './report.js';
import { autoChoices, fmt, formatLambda, resultOf, tableMethods, verdictMark } from './render-text.js';

export { renderTextTable, type TextTableOptions } from './render-text.js';

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
  const pts = report.results.filter((r) => !r.skipped && !r.reference && Number.isFinite(r.mean));
  if (pts.length === 0) return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>';
  const lo = Math.min(...pts.map((p) => (Number.isFinite(p.ci[0]) ? p.ci[0] : p.mean)));
  const hi = Math.max(...pts.map((p) => (Number.isFinite(p.ci[1]) ? p.ci[1] : p.mean)));
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

function pct(level: number): string {
  return `${Math.round(level * 1000) / 10}%`;
}

function comparisonCell(v: VerdictEntry, baseline: string, metric: string): string {
  const c = v.against.find((x) => x.baseline === baseline);
  return c ? `${fmt(c.difference, metric)} [${fmt(c.ci[0], metric)}, ${fmt(c.ci[1], metric)}]` : '—';
}

/** The "how to read this" box: what every method does, what LogME and λ mean, what the intervals cover. */
function howToRead(report: ExperimentReport): string {
  const level = pct(1 - report.bootstrap.alpha);
  const methods = tableMethods(report)
    .map((m) => `<li><b>${escapeHtml(m)}</b>: ${escapeHtml(report.methodSummaries[m] ?? '')}</li>`)
    .join('');
  return `<aside class="how"><h2>How to read this</h2>
<ul>${methods}</ul>
<p><b>No transfer</b> is the better of target-only and source-only at each size. The sentence per size is about
<b>auto</b>, whose choice uses the labelled target rows only: <i>helped</i> means it beats both baselines, <i>hurt</i>
that it is worse than one of them (corrected for the two). A + or − after a method's number says the same of that
method, corrected for the number of transfer methods shown (Holm); the constant predictor is a reference, not a
contender.</p>
<p><b>Intervals</b> (${level}) cover both sources of chance: which target rows were labelled (the draws are resampled)
and which rows the target happens to have (the rows are reweighted, the same weights for every method) — a paired
two-level bootstrap with ${report.bootstrap.replicates} replicates. A method that wins by less than its interval's half
width may not win on new data.</p>
<p><b>LogME</b> (You et al. 2021) scores the source model's outputs (or its network's features) as features for the
labelled target rows: higher means the source representation explains the target better. <b>param λ</b> is how hard
parameter transfer pulled the target model toward the source weights: 0 means the source was ignored, ∞ that the
source model was kept as it is.</p></aside>`;
}

/** A self-contained HTML page: the learning-curve plot, the results table, the verdicts and transferability. */
export function renderHtmlReport(report: ExperimentReport, title: string): string {
  const { metric } = report;
  const rows = tableMethods(report)
    .map((m) => {
      const cells = report.sizes.map((k) => {
        const r = resultOf(report, m, k);
        if (!r || r.skipped) return `<td title="${escapeHtml(r?.skipped ?? '')}">skipped</td>`;
        const mark = verdictMark(report, m, k).trim();
        const cls = mark === '+' ? ' class="helped"' : mark === '−' ? ' class="hurt"' : '';
        return `<td${cls}>${fmt(r.mean, metric)} <small>± ${fmt(r.std, metric)}</small>${mark ? ` ${mark}` : ''}</td>`;
      });
      const label = resultOf(report, m, report.sizes[0])?.reference ? `${escapeHtml(m)} <small>(reference)</small>` : escapeHtml(m);
      return `<tr><th scope="row">${label}</th>${cells.join('')}</tr>`;
    })
    .join('\n');
  const verdictRows = report.verdicts
    .map(
      (v) =>
        `<tr><td>${v.size}</td><td>${escapeHtml(v.method)}</td><td class="${v.verdict.replace(/ /g, '-')}">${v.verdict}</td><td>${escapeHtml(v.baseline)}</td><td>${comparisonCell(v, 'target-only', metric)}</td><td>${comparisonCell(v, 'source-only', metric)}</td><td>${pct(v.level)}</td><td>${v.p.toFixed(3)}${v.family > 1 ? ` <small>(Holm, ${v.family})</small>` : ''}</td></tr>`,
    )
    .join('\n');
  const choices = report.sizes.map((k) => autoChoices(report, k)).filter((c): c is string => c !== undefined);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}th[scope=row]{text-align:left}
.helped{color:#1a7f37;font-weight:600}.hurt{color:#b42318;font-weight:600}.no-clear-difference{color:#666}
.how{background:#f6f8fa;border:1px solid #ddd;border-radius:6px;padding:0.5rem 1rem;margin:1rem 0}.how h2{font-size:1.1rem}
small{color:#777}svg{max-width:100%;height:auto}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<ul>${report.summary.map((s) => `<li class="${(s.verdict ?? 'none').replace(/ /g, '-')}">${escapeHtml(s.sentence)}</li>`).join('')}</ul>
${howToRead(report)}
${renderSvgCurves(report)}
<h2>${escapeHtml(metric.toUpperCase())} (mean ± sd over ${report.repeats} draws)</h2>
<table><thead><tr><th scope="col">method</th>${report.sizes.map((k) => `<th scope="col">k = ${k}</th>`).join('')}</tr></thead><tbody>
${rows}
<tr><th scope="row">LogME</th>${report.transferability.map((t) => `<td>${t.logme === null ? '—' : t.logme.toFixed(3)}</td>`).join('')}</tr>
${report.methods.includes('param') ? `<tr><th scope="row">param λ (median)</th>${report.transferability.map((t) => `<td>${formatLambda(t.lambdaMedian)}</td>`).join('')}</tr>` : ''}
</tbody></table>
${choices.length > 0 ? `<p>auto chose (draws led by each candidate, mean weight): ${escapeHtml(choices.join('; '))}</p>` : ''}
<h2>Against no transfer</h2>
<p><small>Differences are method − baseline in ${escapeHtml(metric)}; intervals at the level each verdict was tested at.</small></p>
<table><thead><tr><th>size</th><th>method</th><th>verdict</th><th>no transfer</th><th>vs target-only</th><th>vs source-only</th><th>level</th><th>p</th></tr></thead><tbody>
${verdictRows}
</tbody></table>
<p>${escapeHtml(report.protocol)}</p>
<p><small>Generated by tlkit in ${report.seconds.toFixed(1)} s; seed ${report.seed}.</small></p>
</body></html>
`;
}
