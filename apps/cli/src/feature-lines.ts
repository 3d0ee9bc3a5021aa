import type { FeatureSpec } from '@tlkit/tensor-core';

/** Categories shown per categorical feature; the rest are counted. */
const MAX_CATEGORIES = 12;
/** A longer category (free text, an id) is cut here. */
const MAX_CATEGORY_CHARS = 32;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Names joined by ", ", broken into lines of at most `width` characters, each after `indent`. */
function wrap(names: readonly string[], width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    const next = line === '' ? name : `${line}, ${name}`;
    if (line !== '' && indent.length + next.length > width) {
      lines.push(`${indent}${line},`);
      line = name;
    } else line = next;
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines;
}

/**
 * The features of a schema for `tlkit inspect`, readable however many there are: the numeric (and date) features
 * wrapped to `width`, then each categorical feature on its own line with its first categories (long ones cut) and
 * how many more it has.
 */
export function featureLines(features: readonly FeatureSpec[], width = 100): string[] {
  const plain = features.filter((f) => f.type !== 'categorical');
  const categorical = features.filter((f) => f.type === 'categorical');
  const lines = [`features (${features.length}):`];
  if (plain.length > 0) {
    lines.push(`  numeric (${plain.length}):`);
    const names = plain.map((f) => (f.type === 'numeric' ? f.name : `${f.name} (${f.type})`));
    for (const l of wrap(names, width, '    ')) lines.push(l);
  }
  for (const f of categorical) {
    const categories = f.categories ?? [];
    const shown = categories.slice(0, MAX_CATEGORIES).map((c) => cut(c, MAX_CATEGORY_CHARS));
    const more = categories.length > MAX_CATEGORIES ? ` … and ${categories.length - MAX_CATEGORIES} more` : '';
    lines.push(`  ${f.name} (categorical, ${categories.length}): ${shown.join(' | ')}${more}`);
  }
  return lines;
}
