import { maxOf } from '@tlkit/tensor-core';
import type { SavedMethod } from '@tlkit/experiment';
import { networkFromJSON, type LayerSummary } from '@tlkit/nn';
import type { FeatureSpec } from '@tlkit/tensor-core';
import { linearForm, type LinearForm } from '../linear-probe.js';
import { labelOf, loadBundle, preprocessorOf, type ModelBundle } from '../model-bundle.js';
import { openModel } from '../opened-model.js';
import { featureLines } from '../feature-lines.js';
import { printable } from '../printable.js';
import { parseInteger } from './options.js';

const NETWORK_METHODS = new Set(['deep', 'deep:l2sp', 'dann', 'deep:coral', 'deep:mmd', 'feature:embed']);

export interface InspectFlags {
  json?: boolean;
  top?: string;
}

interface Coefficient {
  readonly feature: string;
  /** Per output (the value, or each class's decision value): per standard deviation of the feature. */
  readonly perSd: readonly number[];
  /** The same per unit of the feature as the file has it (per level switched on, for a one-hot column). */
  readonly perUnit: readonly number[];
}

interface Inspection {
  readonly file: string;
  readonly formatVersion: number;
  readonly kind: ModelBundle['kind'];
  readonly method: string;
  readonly task: ModelBundle['task'];
  readonly label: string;
  readonly created: string;
  readonly features: readonly { name: string; type: string; levels?: readonly string[] }[];
  readonly details: Readonly<Record<string, unknown>>;
  /** Linear models: the outputs the coefficients are of, the value at the feature means, coefficients largest first. */
  readonly coefficients?: { outputs: readonly string[]; intercept: readonly number[]; rows: readonly Coefficient[] };
  /** Why no coefficients are shown, for a model that has none in its features. */
  readonly noCoefficients?: string;
  readonly layers?: readonly LayerSummary[];
  readonly candidates?: readonly { method: string; weight: number }[];
}

function detailText(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  if (v === 'Infinity' || v === Infinity) return '∞';
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k} ${detailText(x)}`)
      .join(', ');
  }
  return JSON.stringify(v);
}

function coefficientRows(form: LinearForm, names: readonly string[], scale: ArrayLike<number>): Coefficient[] {
  const rows = form.coef.map((perSd, j) => ({ feature: names[j], perSd, perUnit: perSd.map((c) => c / (scale[j] || 1)) }));
  const size = (r: Coefficient) => maxOf(r.perSd.map(Math.abs));
  return rows.sort((a, b) => size(b) - size(a));
}

async function networkLayers(json: unknown): Promise<LayerSummary[]> {
  const network = await networkFromJSON(json);
  try {
    return network.describe();
  } finally {
    network.dispose();
  }
}

/** Everything inspect reports of a bundle. */
async function inspectBundle(path: string): Promise<Inspection> {
  const b = loadBundle(path);
  const preprocessor = preprocessorOf(b);
  const names = preprocessor.featureNames;
  const base = {
    file: path,
    formatVersion: b.formatVersion,
    kind: b.kind,
    method: b.method,
    task: b.task,
    label: labelOf(b),
    created: b.created,
    features: b.preprocessor.schema.features.map((f) => ({
      name: f.name,
      type: f.type,
      ...(f.type === 'numeric' ? {} : { levels: f.categories ?? [] }),
    })),
    details: b.details ?? {},
  };
  const saved = b.kind === 'transfer' ? (b.model as unknown as SavedMethod) : undefined;
  const inner = saved?.model as { network?: unknown; candidates?: { method: string; weight: number }[] } | undefined;
  const extra: Partial<Inspection> = {};
  if (saved && NETWORK_METHODS.has(saved.method) && inner?.network !== undefined) {
    Object.assign(extra, { layers: await networkLayers(inner.network) });
  }
  if (saved && Array.isArray(inner?.candidates)) {
    Object.assign(extra, { candidates: inner.candidates.map((c) => ({ method: c.method, weight: c.weight })) });
  }
  const model = await openModel(b, path);
  try {
    const form = model.outputs ? linearForm(model.outputs, names.length) : undefined;
    if (form) {
      const outputs = b.task === 'classification' ? (model.classes ?? []).map(String) : [labelOf(b)];
      Object.assign(extra, {
        coefficients: { outputs, intercept: form.intercept, rows: coefficientRows(form, names, preprocessor.scaler.scale) },
      });
    } else {
      Object.assign(extra, {
        noCoefficients: model.outputs
          ? 'the model is not linear in its features (a kernel map): no coefficients to show'
          : 'a network: its layers are below',
      });
    }
  } finally {
    model.dispose();
  }
  return { ...base, ...extra };
}

const num = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 ? v.toExponential(3) : v.toPrecision(4));

function shapeText(shape: LayerSummary['outputShape']): string {
  const dims = (t: (number | null)[]) => `[${t.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
  return shape.length > 0 && Array.isArray(shape[0])
    ? (shape as (number | null)[][]).map(dims).join(' | ')
    : dims(shape as (number | null)[]);
}

function columns(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, j) =>
    maxOf(
      rows.map((r) => r[j].length),
      h.length,
    ),
  );
  return [head, ...rows].map((r) =>
    r
      .map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j])))
      .join('  ')
      .trimEnd(),
  );
}

function inspectionLines(s: Inspection, top: number): string[] {
  const lines = [
    `${s.file}: tlkit model (format ${s.formatVersion}), ${s.kind} model, method ${s.method}, created ${s.created}`,
    `task ${s.task}; label "${s.label}"`,
    ...featureLines(
      s.features.map((f) => ({ name: f.name, type: f.type as FeatureSpec['type'], ...(f.levels ? { categories: f.levels } : {}) })),
      Math.max(60, process.stdout.columns || 100),
    ),
    ...Object.entries(s.details).map(([k, v]) => `${k}: ${detailText(v)}`),
  ];
  if (s.candidates) lines.push(`auto combines: ${s.candidates.map((c) => `${c.method} ${c.weight.toFixed(2)}`).join(', ')}`);
  const c = s.coefficients;
  if (c) {
    const shown = c.rows.slice(0, top);
    const perClass = s.task === 'classification';
    const table = columns(
      ['feature', ...(perClass ? c.outputs : ['per sd', 'per unit'])],
      [
        ['(every feature at its source mean)', ...(perClass ? c.intercept.map(num) : [num(c.intercept[0]), ''])],
        ...shown.map((r) => [r.feature, ...(perClass ? r.perSd.map(num) : [num(r.perSd[0]), num(r.perUnit[0])])]),
      ],
    );
    lines.push(
      '',
      `coefficients, largest first (${shown.length} of ${c.rows.length}${shown.length < c.rows.length ? '; --top N for more' : ''}): ` +
        (perClass
          ? "each class's decision value per standard deviation of the feature"
          : `change in ${s.label} per standard deviation of the feature, and per unit`),
    );
    for (const line of table) lines.push(line);
  } else if (s.noCoefficients && !s.layers) {
    lines.push('', s.noCoefficients);
  }
  if (s.layers) {
    const total = s.layers.reduce((a, r) => a + r.parameters, 0);
    lines.push(
      '',
      `layers (${s.layers.length}; ${total} parameters, ${s.layers.filter((r) => r.trainable).reduce((a, r) => a + r.parameters, 0)} trainable)`,
    );
    const table = columns(
      ['layer', 'type', 'output', 'parameters', 'trainable'],
      s.layers.map((r) => [r.name, r.type, shapeText(r.outputShape), String(r.parameters), r.trainable ? 'yes' : 'no']),
    );
    for (const line of table) lines.push(line);
    if (s.method === 'feature:embed') lines.push("a ridge head on the network's last hidden layer makes the prediction");
  }
  return lines;
}

/** `tlkit inspect FILE`: what a model bundle holds — its features, the fit's numbers, coefficients or layers. */
export async function inspectCommand(path: string, flags: InspectFlags = {}): Promise<void> {
  const top = parseInteger('--top', flags.top ?? '15', 1);
  const s = await inspectBundle(path);
  process.stdout.write(
    flags.json
      ? `${JSON.stringify(s, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v), 1)}\n`
      : printable(`${inspectionLines(s, top).join('\n')}\n`),
  );
}
