import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Title, Tooltip } from 'chart.js';
import type { ExperimentReport } from '@tlkit/experiment';
// The names alone (a module that imports nothing): the methods themselves run in the worker.
import { DEFAULT_METHODS, METHOD_NAMES } from '@tlkit/experiment/method-names';
import { progressText } from '@tlkit/experiment/eta';
import { chartSeries, csvHeader, labelChoices, parseRepeats, parseSizes, tableRows, verdictClass } from './page-logic.js';
import type { DataChoice, RunRequest, WorkerMessage } from './protocol.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Title);

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

const methodsBox = $('methods', HTMLDivElement);
for (const m of METHOD_NAMES) {
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.name = 'method';
  input.value = m;
  input.checked = CHECKED.has(m);
  label.append(input, ` ${m}`);
  methodsBox.append(label);
}

const files: { source?: { name: string; text: string; columns: string[] }; target?: { name: string; text: string; columns: string[] } } =
  {};

function showError(message: string | undefined): void {
  if (message !== undefined) hideResults();
  errorBox.hidden = message === undefined;
  errorBox.textContent = message ?? '';
}

async function readFile(input: HTMLInputElement, role: 'source' | 'target'): Promise<void> {
  const file = input.files?.[0];
  if (!file) return;
  const text = await file.text();
  const header = csvHeader(text, file.name);
  if ('error' in header) {
    files[role] = undefined;
    showError(header.error);
    return;
  }
  showError(undefined);
  files[role] = { name: file.name, text, columns: header.columns };
  (form.elements.namedItem('data') as RadioNodeList).value = 'csv';
  if (files.source && files.target) {
    const choices = labelChoices(files.source.columns, files.target.columns);
    labelSelect.replaceChildren(...choices.map((c) => new Option(c, c)));
    labelSelect.disabled = choices.length === 0;
    if (choices.length === 0) showError(`${files.source.name} and ${files.target.name} share no column to use as the label.`);
  }
}

$('source-file', HTMLInputElement).addEventListener('change', (e) => void readFile(e.target as HTMLInputElement, 'source'));
$('target-file', HTMLInputElement).addEventListener('change', (e) => void readFile(e.target as HTMLInputElement, 'target'));

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let chart: Chart | undefined;
let lastReport: { report: ExperimentReport; title: string } | undefined;
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
      li.className = verdictClass(s.sentence);
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
  const t = report.transferability;
  $('transferability', HTMLParagraphElement).textContent =
    `LogME per size: ${t.map((x) => (x.logme === null ? '—' : x.logme.toFixed(3))).join(', ')}. ` +
    `Parameter transfer's chosen λ (median): ${t.map((x) => (x.lambdaMedian === null ? '—' : x.lambdaMedian === Infinity ? '∞' : x.lambdaMedian.toPrecision(2))).join(', ')}. ` +
    `${report.repeats} draws per size, ${seconds.toFixed(1)} s.`;
  chart?.destroy();
  chart = new Chart($('chart', HTMLCanvasElement), {
    type: 'line',
    data: {
      datasets: chartSeries(report).map((s, i) => ({
        label: s.label,
        data: s.data.filter((p): p is { x: number; y: number } => p !== null),
        borderColor: COLORS[i % COLORS.length],
        backgroundColor: COLORS[i % COLORS.length],
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: {
          type: 'linear',
          ticks: { stepSize: 1 },
          afterBuildTicks: (axis) => {
            axis.ticks = report.sizes.map((value) => ({ value }));
          },
          title: { display: true, text: `labelled target rows${report.perClass ? ' per class' : ''}` },
        },
        y: { title: { display: true, text: report.metric.toUpperCase() } },
      },
      plugins: { legend: { position: 'right' } },
    },
  });
}

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
    lastReport = { report: m.report, title: m.title };
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
      source: files.source.text,
      target: files.target.text,
      sourceName: files.source.name,
      targetName: files.target.name,
      label: labelSelect.value,
      task: kind,
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
  const blob = new Blob([JSON.stringify({ title: lastReport.title, ...lastReport.report }, null, 1)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'tlkit-report.json';
  a.click();
  URL.revokeObjectURL(a.href);
});
