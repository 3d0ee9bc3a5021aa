import type { ExperimentReport } from '@tlkit/experiment';
// The names alone (a module that imports nothing): the methods themselves run in the worker.
import { DEFAULT_METHODS, METHOD_NAMES, TERM_LEGEND, methodMeaning } from '@tlkit/experiment/method-names';
import { progressText } from '@tlkit/experiment/eta';
import { renderSvgCurves } from '@tlkit/experiment/render-chart';
import { reportJsonText } from '@tlkit/experiment/report-json';
import { csvHeader, labelChoices, parseRepeats, parseSizes, resultNotes, tableRows, verdictClass, verdictRows } from './page-logic.js';
import { ColumnPanel } from './column-panel.js';
import { downloadBlob, svgToPngBlob } from './export.js';
import { columnarFormatOfName, readColumnarTable } from '@tlkit/tensor-core/columnar';
import type { DataChoice, RunRequest, WorkerMessage } from './protocol.js';
import { pickSources, showSources, tickMultiSourceMethods, type SourceFile } from './source-picker.js';

const CHECKED = new Set(DEFAULT_METHODS);

/** The page element with this id, checked to be of the expected kind. */
function $<T extends HTMLElement>(id: string, kind: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`the page has no ${kind.name} #${id}`);
  return element;
}
const form = $('setup', HTMLFormElement);
const runButton = $('run', HTMLButtonElement);
const cancelButton = $('cancel', HTMLButtonElement);
const errorBox = $('error', HTMLParagraphElement);
const progress = $('progress', HTMLProgressElement);
const progressLabel = $('progress-label', HTMLSpanElement);
const labelSelect = $('label', HTMLSelectElement);
const columnPanel = new ColumnPanel($('columns', HTMLDivElement), labelSelect);

const methodsBox = $('methods', HTMLDivElement);
for (const m of METHOD_NAMES) {
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.name = 'method';
  input.value = m;
  input.checked = CHECKED.has(m);
  label.append(input, ` ${m}`);
  label.title = methodMeaning(m) ?? '';
  methodsBox.append(label);
}
$('legend', HTMLDListElement).replaceChildren(
  ...[...[...METHOD_NAMES, 'constant'].map((m): [string, string] => [m, methodMeaning(m) ?? '']), ...Object.entries(TERM_LEGEND)].flatMap(
    ([term, meaning]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = meaning;
      return [dt, dd];
    },
  ),
);

interface ChosenFile {
  readonly name: string;
  /** CSV text, or the bytes of a Parquet / Arrow file (read in the worker). */
  readonly content: string | Uint8Array;
  readonly columns: string[];
}
const files: { source?: ChosenFile; target?: ChosenFile } = {};
/** The second and later source files, when several are picked. */
let extraSources: SourceFile[] = [];

/** The header of a chosen file: CSV's first line, or the columns of a Parquet / Arrow file (its first row read). */
async function fileHeader(file: File): Promise<{ content: string | Uint8Array; columns: string[] } | { error: string }> {
  if (columnarFormatOfName(file.name) === undefined) {
    const text = await file.text();
    const header = csvHeader(text, file.name);
    return 'error' in header ? header : { content: text, columns: header.columns };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    const head = await readColumnarTable(bytes, { source: file.name, rowEnd: 1 });
    return { content: bytes, columns: [...head.columns] };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function showError(message: string | undefined): void {
  if (message !== undefined) hideResults();
  errorBox.hidden = message === undefined;
  errorBox.textContent = message ?? '';
}

async function readFile(input: HTMLInputElement, role: 'source' | 'target'): Promise<void> {
  const file = input.files?.[0];
  if (!file) return;
  const header = role === 'source' ? await pickSources([...(input.files ?? [])], fileHeader) : await fileHeader(file);
  if ('error' in header) {
    files[role] = undefined;
    columnPanel.clear();
    showError(header.error);
    return;
  }
  showError(undefined);
  if ('extra' in header) {
    extraSources = header.extra;
    tickMultiSourceMethods(methodsBox, 1 + extraSources.length);
  }
  files[role] = { name: file.name, content: header.content, columns: header.columns };
  (form.elements.namedItem('data') as RadioNodeList).value = 'csv';
  if (files.source && files.target) {
    const choices = labelChoices(files.source.columns, files.target.columns);
    labelSelect.replaceChildren(...choices.map((c) => new Option(c, c)));
    labelSelect.disabled = choices.length === 0;
    if (choices.length === 0) showError(`${files.source.name} and ${files.target.name} share no column to use as the label.`);
    void columnPanel.describe(files.source, files.target);
  }
}

$('source-file', HTMLInputElement).addEventListener('change', (e) => void readFile(e.target as HTMLInputElement, 'source'));
$('target-file', HTMLInputElement).addEventListener('change', (e) => void readFile(e.target as HTMLInputElement, 'target'));

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let lastReport: { report: ExperimentReport; title: string; html: string } | undefined;
let runStarted = 0;

/** Results of an earlier run are never left on screen under an error or while a new run goes. */
function hideResults(): void {
  $('results', HTMLElement).hidden = true;
  lastReport = undefined;
}

function setRunning(running: boolean): void {
  runButton.disabled = running;
  cancelButton.disabled = !running;
}

function render(report: ExperimentReport, title: string, seconds: number): void {
  $('results', HTMLElement).hidden = false;
  $('title', HTMLHeadingElement).textContent =
    `${title} — ${report.metric.toUpperCase()} (${report.lowerIsBetter ? 'lower' : 'higher'} is better)`;
  $('verdicts', HTMLUListElement).replaceChildren(
    ...report.summary.map((s) => {
      const li = document.createElement('li');
      li.className = verdictClass(s);
      li.textContent = s.sentence;
      return li;
    }),
  );
  const table = $('table', HTMLTableElement);
  const head = `<thead><tr><th scope="col">method</th>${report.sizes.map((k) => `<th scope="col">k = ${k}${report.perClass ? '/class' : ''}</th>`).join('')}</tr></thead>`;
  const body = tableRows(report)
    .map((cells) => `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`)
    .join('');
  table.innerHTML = `${head}<tbody>${body}</tbody>`;
  $('notes', HTMLUListElement).replaceChildren(
    ...resultNotes(report).map((note) => Object.assign(document.createElement('li'), { textContent: note })),
  );
  const t = report.transferability;
  $('transferability', HTMLParagraphElement).textContent =
    `LogME per size: ${t.map((x) => (x.logme === null ? '—' : x.logme.toFixed(3))).join(', ')}. ` +
    `Parameter transfer's chosen λ (median): ${t.map((x) => (x.lambdaMedian === null ? '—' : x.lambdaMedian === Infinity ? '∞' : x.lambdaMedian.toPrecision(2))).join(', ')}. ` +
    `${report.repeats} draws per size, ${seconds.toFixed(1)} s.`;
  const verdicts = $('verdict-table', HTMLTableElement);
  verdicts.innerHTML =
    '<thead><tr><th scope="col">size</th><th scope="col">method</th><th scope="col">baseline</th><th scope="col">verdict</th><th scope="col">difference [95% CI]</th></tr></thead>' +
    `<tbody>${verdictRows(report)
      .map(
        (r) =>
          `<tr><td>${r.size}</td><td>${r.method}</td><td>${r.baseline}</td><td class="${r.className}">${r.verdict}</td><td>${r.difference}</td></tr>`,
      )
      .join('')}</tbody>`;
  showSources($('sources', HTMLElement), report);
  drawChart(report);
}

/** The learning curves as the HTML report draws them; the legend goes below the plot on a narrow screen. */
function drawChart(report: ExperimentReport): void {
  const box = $('chart', HTMLDivElement);
  const width = Math.max(300, Math.min(900, Math.floor(box.clientWidth || 760)));
  box.innerHTML = renderSvgCurves(report, { width, legend: width < 640 ? 'bottom' : 'right' });
}

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (lastReport) drawChart(lastReport.report);
  }, 150);
});

worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
  const m = event.data;
  if (m.type === 'backend') $('backend', HTMLSpanElement).textContent = `TensorFlow.js backend: ${m.backend}`;
  else if (m.type === 'progress') {
    progress.max = m.total;
    progress.value = m.done;
    progressLabel.textContent = `${progressText(m.done, m.total, (performance.now() - runStarted) / 1000)} — ${m.label}`;
  } else if (m.type === 'done') {
    setRunning(false);
    progressLabel.textContent = `done in ${m.seconds.toFixed(1)} s`;
    lastReport = { report: m.report, title: m.title, html: m.html };
    render(m.report, m.title, m.seconds);
  } else if (m.type === 'error') {
    setRunning(false);
    progressLabel.textContent = '';
    showError(m.message);
  } else {
    setRunning(false);
    progressLabel.textContent = 'cancelled';
  }
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  showError(undefined);
  const sizes = parseSizes($('sizes', HTMLInputElement).value);
  if ('error' in sizes) {
    showError(sizes.error);
    return;
  }
  const repeats = parseRepeats($('repeats', HTMLInputElement).value);
  if ('error' in repeats) {
    showError(repeats.error);
    return;
  }
  const methods = [...form.querySelectorAll<HTMLInputElement>('input[name=method]:checked')].map((i) => i.value);
  if (methods.length === 0) {
    showError('Choose at least one method.');
    return;
  }
  const mode = (form.elements.namedItem('data') as RadioNodeList).value;
  let data: DataChoice;
  if (mode === 'csv') {
    if (!files.source || !files.target) {
      showError('Choose a source and a target CSV file.');
      return;
    }
    if (labelSelect.disabled || !labelSelect.value) {
      showError('Choose the label column.');
      return;
    }
    const kind = $('task-kind', HTMLSelectElement).value as 'auto' | 'regression' | 'classification';
    data = {
      kind: 'csv',
      source: files.source.content,
      target: files.target.content,
      sourceName: files.source.name,
      targetName: files.target.name,
      label: labelSelect.value,
      task: kind,
      columns: columnPanel.settings(),
      ...(extraSources.length > 0 ? { extraSources } : {}),
    };
  } else {
    data = { kind: 'builtin', name: $('task', HTMLSelectElement).value };
  }
  setRunning(true);
  hideResults();
  runStarted = performance.now();
  progress.value = 0;
  progressLabel.textContent = 'starting…';
  const request: RunRequest = {
    type: 'run',
    data,
    options: { sizes: sizes.sizes, repeats: repeats.repeats, methods, perClass: $('per-class', HTMLInputElement).checked, seed: 0 },
  };
  worker.postMessage(request);
});

cancelButton.addEventListener('click', () => worker.postMessage({ type: 'cancel' } satisfies RunRequest));

$('download', HTMLButtonElement).addEventListener('click', () => {
  if (!lastReport) return;
  downloadBlob(
    new Blob([reportJsonText({ title: lastReport.title, ...lastReport.report })], { type: 'application/json' }),
    'tlkit-report.json',
  );
});

$('download-html', HTMLButtonElement).addEventListener('click', () => {
  if (lastReport) downloadBlob(new Blob([lastReport.html], { type: 'text/html' }), 'tlkit-report.html');
});

$('download-png', HTMLButtonElement).addEventListener('click', () => {
  if (!lastReport) return;
  const report = lastReport.report;
  void svgToPngBlob(renderSvgCurves(report, { width: 1000 }), 2).then(
    (png) => downloadBlob(png, 'tlkit-learning-curves.png'),
    (error: unknown) => showError(`The chart could not be turned into a PNG: ${(error as Error).message}`),
  );
});
