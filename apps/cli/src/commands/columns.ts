import { describeColumns, isHighCardinality, isMostlyNumeric, type ColumnReport } from '@tlkit/tensor-core';
import { readTableFile } from '../read-table.js';
import { printable } from '../printable.js';

/** What fit and compare do with a column, in words. */
function reading(report: ColumnReport, label: string | undefined): string {
  if (report.name === label) return 'the label';
  switch (report.kind) {
    case 'numeric':
      return 'a number';
    case 'empty':
      return 'no values: refused unless --ignore';
    case 'date':
      return isHighCardinality(report) ? 'dates: refused unless --dates or --ignore' : 'categories (or numbers with --dates)';
    case 'text':
      if (isMostlyNumeric(report)) {
        const stray = report.values - report.numbers;
        return `numbers with ${stray} stray cell${stray === 1 ? '' : 's'}: refused (fix ${stray === 1 ? 'it' : 'them'}, or --categorical)`;
      }
      return isHighCardinality(report)
        ? 'too many distinct values: refused unless --ignore (or --drop-high-cardinality)'
        : `${report.distinct} one-hot columns`;
  }
}

/** `tlkit columns FILE`: each column's type, distinct values and missing cells, and how fit and compare read it. */
export async function columnsCommand(file: string, flags: { label?: string }): Promise<void> {
  const table = await readTableFile(file);
  const reports = describeColumns(table);
  const width = Math.min(
    32,
    reports.reduce((w, r) => Math.max(w, r.name.length), 6),
  );
  const lines = [
    `${file}: ${table.rows.length} rows, ${reports.length} columns`,
    `${'column'.padEnd(width)}  ${'type'.padEnd(7)}  ${'distinct'.padStart(8)}  ${'missing'.padStart(7)}  read as`,
    ...reports.map(
      (r) =>
        `${r.name.slice(0, width).padEnd(width)}  ${r.kind.padEnd(7)}  ${String(r.distinct).padStart(8)}  ${String(r.missing).padStart(7)}  ${reading(r, flags.label)}`,
    ),
  ];
  process.stdout.write(printable(`${lines.join('\n')}\n`));
}
