import type { ExperimentReport, VerdictEntry } from './report.js';
import { methodMeaning } from './method-names.js';
import { renderSvgCurves } from './render-chart.js';
import { sourcesLines } from './render-sources.js';
import { autoChoices, fmt, formatLambda, labelFreeLines, resultOf, tableMethods, verdictMark } from './render-text.js';

export { renderTextTable, type TextTableOptions } from './render-text.js';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
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
    .map(
      (m) =>
        `<li><b>${escapeHtml(m)}</b>: ${escapeHtml(Object.hasOwn(report.methodSummaries, m) ? report.methodSummaries[m] : (methodMeaning(m) ?? ''))}</li>`,
    )
    .join('');
  return `<aside class="how"><h2>How to read this</h2>
<h3>What these names mean</h3>
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
        if (r.failed) return `<td class="hurt" title="${escapeHtml(r.failed)}">failed</td>`;
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
.how{background:#f6f8fa;border:1px solid #ddd;border-radius:6px;padding:0.5rem 1rem;margin:1rem 0}.how h2{font-size:1.1rem}.how h3{font-size:1rem;margin-bottom:0}
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
${report.labelFree.map((r) => `<pre>${escapeHtml(labelFreeLines(r, metric).join('\n'))}</pre>`).join('')}
${report.sources ? `<h2>Sources</h2>\n<pre>${escapeHtml(sourcesLines(report).join('\n'))}</pre>` : ''}
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
