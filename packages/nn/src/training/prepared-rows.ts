import { Random, sampleLabelled } from '@tlkit/tensor-core';
import type { Network } from '../network.js';
import { targetTensor, type NetworkInput, type NetworkTargets } from '../network-input.js';
import { HostRows } from './host-rows.js';

/** Training rows on the host: preprocessed inputs, and targets (one-hot or values) when there are labels. */
export interface PreparedRows {
  readonly x: HostRows;
  readonly y: HostRows;
  readonly n: number;
}

/** Converts rows once at the boundary (shape checks, preprocessing, targets) and keeps them on the host. */
export function prepareRows(network: Network, data: { X: NetworkInput; y?: NetworkTargets }, fn: string): PreparedRows {
  const x = network.input(data.X, fn);
  try {
    const n = x.shape[0];
    const hostX = HostRows.fromTensor(x);
    if (data.y === undefined) return { x: hostX, y: hostX.subset([]), n };
    const y = targetTensor(fn, data.y, network.output, n);
    try {
      return { x: hostX, y: HostRows.fromTensor(y), n };
    } finally {
      y.dispose();
    }
  } finally {
    x.dispose();
  }
}

/** A seeded hold-out split of prepared rows, stratified by class for classifiers. */
export function splitValidation(
  network: Network,
  data: PreparedRows,
  fraction: number,
  labels: NetworkTargets,
  rng: Random,
): [PreparedRows, PreparedRows] {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`train: validation fraction must be in (0, 1), got ${fraction}`);
  const nVal = Math.max(1, Math.round(data.n * fraction));
  if (nVal >= data.n) throw new RangeError(`train: validation ${fraction} leaves no training rows of ${data.n}`);
  const stratify = network.output.kind === 'classification' ? (labels as readonly unknown[]) : undefined;
  const { train, test } = sampleLabelled(data.n, data.n - nVal, { seed: rng.fork(), labels: stratify });
  const take = (idx: Int32Array): PreparedRows => ({ x: data.x.subset(idx), y: data.y.subset(idx), n: idx.length });
  return [take(train), take(test)];
}
