import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Title, Tooltip } from 'chart.js';
import type { PretrainedComparison } from '@tlkit/experiment';
import type { ImageReply, ImageRequest, LabelledImage, ModelChoice, RgbaImage } from './image-protocol.js';
import { DrawingPad } from './drawing-pad.js';
import { ExampleStore } from './example-store.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Title);

function $<T extends HTMLElement>(id: string, kind: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`the page has no ${kind.name} #${id}`);
  return element;
}

const COLORS = ['#7f7f7f', '#1f77b4', '#2ca02c'];
const SAMPLE_SIDE = 112;
const store = new ExampleStore(['A', 'B', 'C']);
const pad = new DrawingPad($('pad', HTMLCanvasElement));
const errorBox = $('error', HTMLParagraphElement);
const trainButton = $('train', HTMLButtonElement);
const cancelButton = $('cancel', HTMLButtonElement);
const progress = $('progress', HTMLProgressElement);
const progressLabel = $('progress-label', HTMLSpanElement);
const worker = new Worker(new URL('./image-worker.ts', import.meta.url), { type: 'module' });
let trained = false;
let predictionId = 0;
let chart: Chart | undefined;

function showError(message: string | undefined): void {
  errorBox.hidden = message === undefined;
  errorBox.textContent = message ?? '';
}

/** A picture scaled to SAMPLE_SIDE² RGBA pixels (what travels to the worker). */
function sample(source: CanvasImageSource, width: number, height: number): RgbaImage {
  const canvas = document.createElement('canvas');
  const scale = Math.min(1, SAMPLE_SIDE / Math.max(width, height));
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return { width: canvas.width, height: canvas.height, data };
}

function thumbnail(image: RgbaImage): string {
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  return canvas.toDataURL();
}

function renderClasses(): void {
  const box = $('classes', HTMLDivElement);
  box.replaceChildren(
    ...store.classes.map((name, i) => {
      const label = document.createElement('label');
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'class';
      radio.value = String(i);
      radio.checked = i === store.selected;
      radio.addEventListener('change', () => (store.selected = i));
      const text = document.createElement('input');
      text.type = 'text';
      text.value = name;
      text.setAttribute('aria-label', `Name of class ${i + 1}`);
      text.addEventListener('change', () => {
        showError(store.rename(i, text.value));
        renderClasses();
      });
      label.append(radio, text);
      return label;
    }),
  );
  $('add-class', HTMLButtonElement).disabled = store.classes.length >= 10;
  $('remove-class', HTMLButtonElement).disabled = store.classes.length <= 2;
  renderGallery();
}

function renderGallery(): void {
  $('gallery', HTMLDivElement).replaceChildren(
    ...store.classes.map((name) => {
      const row = document.createElement('div');
      const examples = store.examplesOf(name);
      row.append(`${name} (${examples.length}): `);
      for (const e of examples) {
        const img = document.createElement('img');
        img.src = thumbnail(e.image);
        img.alt = `${name} example`;
        row.append(img);
      }
      return row;
    }),
  );
}

function addExample(image: RgbaImage, kind: LabelledImage['kind']): void {
  store.add(image, kind);
  renderGallery();
}

$('add-class', HTMLButtonElement).addEventListener('click', () => {
  store.addClass();
  renderClasses();
});
$('remove-class', HTMLButtonElement).addEventListener('click', () => {
  store.removeClass();
  renderClasses();
});
$('add-drawing', HTMLButtonElement).addEventListener('click', () => {
  if (pad.isEmpty) {
    showError('Draw something on the pad first.');
    return;
  }
  showError(undefined);
  addExample(sample(pad.canvas, pad.canvas.width, pad.canvas.height), 'drawing');
  pad.clear();
});
$('clear-pad', HTMLButtonElement).addEventListener('click', () => pad.clear());

async function addFiles(files: readonly File[]): Promise<void> {
  for (const file of files) {
    try {
      const bitmap = await createImageBitmap(file);
      addExample(sample(bitmap, bitmap.width, bitmap.height), 'file');
      bitmap.close();
    } catch {
      showError(`${file.name} is not an image this browser can decode.`);
    }
  }
}
$('image-files', HTMLInputElement).addEventListener('change', (e) => void addFiles([...((e.target as HTMLInputElement).files ?? [])]));
const drop = $('drop', HTMLLabelElement);
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  void addFiles([...(e.dataTransfer?.files ?? [])]);
});

// The camera, where the browser has one.
const cameraButton = $('camera', HTMLButtonElement);
const video = $('video', HTMLVideoElement);
const capture = $('capture', HTMLButtonElement);
if ('mediaDevices' in navigator && typeof navigator.mediaDevices.getUserMedia === 'function') cameraButton.hidden = false;
cameraButton.addEventListener('click', () => {
  void navigator.mediaDevices
    .getUserMedia({ video: true })
    .then((stream) => {
      video.srcObject = stream;
      video.hidden = false;
      capture.hidden = false;
      cameraButton.hidden = true;
    })
    .catch((error: unknown) => showError(`The camera is not available: ${(error as Error).message}`));
});
capture.addEventListener('click', () => addExample(sample(video, video.videoWidth, video.videoHeight), 'camera'));

function modelChoice(): ModelChoice | string {
  const kind = document.querySelector<HTMLInputElement>('input[name="model"]:checked')?.value;
  if (kind !== 'files') return { kind: 'backbone', name: 'digits-cnn' };
  const files = [...($('model-files', HTMLInputElement).files ?? [])];
  if (!files.some((f) => f.name.endsWith('.json'))) return 'Choose your model.json and its weight files (.bin) first.';
  return { kind: 'files', files };
}

function positiveInt(id: string, name: string, max: number): number | string {
  const v = Number($(id, HTMLInputElement).value);
  return Number.isInteger(v) && v >= 1 && v <= max ? v : `${name} must be a whole number from 1 to ${max}.`;
}

trainButton.addEventListener('click', () => {
  const model = modelChoice();
  const repeats = positiveInt('repeats', 'Draws', 20);
  const epochs = positiveInt('epochs', 'Epochs', 500);
  const problem = [model, repeats, epochs].find((v) => typeof v === 'string') ?? store.problem();
  if (typeof problem === 'string') {
    showError(problem);
    return;
  }
  showError(undefined);
  trainButton.disabled = true;
  cancelButton.disabled = false;
  trained = false;
  progress.value = 0;
  progressLabel.textContent = 'starting…';
  const request: ImageRequest = {
    type: 'train',
    examples: store.all(),
    model: model as ModelChoice,
    repeats: repeats as number,
    epochs: epochs as number,
    seed: 1,
  };
  worker.postMessage(request);
});
cancelButton.addEventListener('click', () => worker.postMessage({ type: 'cancel' } satisfies ImageRequest));

function render(comparison: PretrainedComparison, seconds: number, model: string, numTensors: number): void {
  $('results', HTMLElement).hidden = false;
  $('verdicts', HTMLUListElement).replaceChildren(
    ...comparison.sentences.map((s) => {
      const li = document.createElement('li');
      li.className = s.includes('transfer helped') ? 'helped' : s.includes('transfer hurt') ? 'hurt' : 'neutral';
      li.textContent = s;
      return li;
    }),
  );
  const head = `<thead><tr><th scope="col">method</th>${comparison.sizes.map((k) => `<th scope="col">${k} per class</th>`).join('')}</tr></thead>`;
  const body = comparison.curves
    .map(
      (c) =>
        `<tr><th scope="row">${c.label}</th>${c.mean.map((m, i) => `<td>${(100 * m).toFixed(1)}% ± ${(100 * c.std[i]).toFixed(1)}</td>`).join('')}</tr>`,
    )
    .join('');
  $('table', HTMLTableElement).innerHTML = `${head}<tbody>${body}</tbody>`;
  $('run-info', HTMLParagraphElement).textContent =
    `Pretrained network: ${model}. ${comparison.repeats} draws per size; ran in ${seconds.toFixed(1)} s. Tensors held by the worker: ${numTensors}.`;
  $('run-info', HTMLParagraphElement).dataset.tensors = String(numTensors);
  chart?.destroy();
  chart = new Chart($('chart', HTMLCanvasElement), {
    type: 'line',
    data: {
      datasets: comparison.curves.map((c, i) => ({
        label: c.label,
        data: comparison.sizes.map((k, s) => ({ x: k, y: 100 * c.mean[s] })),
        borderColor: COLORS[i % COLORS.length],
        backgroundColor: COLORS[i % COLORS.length],
      })),
    },
    options: {
      animation: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'examples per class' } },
        y: { title: { display: true, text: 'accuracy on the other examples (%)' } },
      },
      plugins: { title: { display: true, text: 'Learning curves' } },
    },
  });
}

pad.onStroke = () => {
  if (!trained || pad.isEmpty) return;
  const image: LabelledImage = { label: '', image: sample(pad.canvas, pad.canvas.width, pad.canvas.height), kind: 'drawing' };
  worker.postMessage({ type: 'predict', id: ++predictionId, image } satisfies ImageRequest);
};

worker.addEventListener('message', (event: MessageEvent<ImageReply>) => {
  const m = event.data;
  if (m.type === 'backend') $('backend', HTMLSpanElement).textContent = `backend: ${m.backend}`;
  else if (m.type === 'progress') {
    progress.value = m.total === 0 ? 0 : m.done / m.total;
    progressLabel.textContent = m.label;
  } else if (m.type === 'done') {
    trained = true;
    trainButton.disabled = false;
    cancelButton.disabled = true;
    progress.value = 1;
    progressLabel.textContent = `done in ${m.seconds.toFixed(1)} s`;
    render(m.comparison, m.seconds, m.model, m.numTensors);
  } else if (m.type === 'prediction') {
    if (m.id !== predictionId) return;
    const [best, ...others] = [...m.predictions].sort((a, b) => (a.method === 'fine-tune' ? -1 : b.method === 'fine-tune' ? 1 : 0));
    const line = $('prediction', HTMLParagraphElement);
    line.textContent = `${best.label} (${best.method}, ${(100 * best.probability).toFixed(0)}%) · ${others.map((p) => `${p.method}: ${p.label}`).join(' · ')}`;
    line.dataset.label = best.label;
  } else {
    trainButton.disabled = false;
    cancelButton.disabled = true;
    progressLabel.textContent = m.type === 'cancelled' ? 'cancelled' : '';
    if (m.type === 'error') showError(m.message);
  }
});

renderClasses();
