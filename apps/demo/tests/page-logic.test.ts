import type { ExperimentReport } from '@tlkit/experiment';
import { csvHeader, labelChoices, parseRepeats, parseSizes, resultNotes, tableRows, verdictClass, verdictRows } from '../src/page-logic.js';

describe('page logic', () => {
  it('parses target sizes and repeats, with messages for bad input', () => {
    expect(parseSizes('20, 5,10,5')).toEqual({ sizes: [5, 10, 20] });
    expect(parseSizes('5, x')).toEqual({ error: 'Target sizes must be whole numbers; "x" is not.' });
    expect(parseSizes(' ')).toEqual({ error: 'Give at least one target size, e.g. 5, 10, 20.' });
    expect(parseRepeats('10')).toEqual({ repeats: 10 });
    expect(parseRepeats('1')).toHaveProperty('error');
    expect(parseRepeats('2.5')).toHaveProperty('error');
  });

  it('reads a CSV header and offers the shared columns as labels, last first', () => {
    expect(csvHeader('\uFEFFa,"b",c\n1,2,3\n', 'f.csv')).toEqual({ columns: ['a', 'b', 'c'] });
    expect(csvHeader('', 'e.csv')).toEqual({ error: 'e.csv: the file is empty (no header row).' });
    expect(csvHeader('a,,c\n', 'h.csv')).toEqual({ error: 'h.csv: the header has an empty column name.' });
    expect(labelChoices(['x', 'y', 'mpg'], ['y', 'mpg', 'z'])).toEqual(['mpg', 'y']);
  });

  it('turns a report into table rows and the verdict table', () => {
    const report = {
      metric: 'rmse',
      methods: ['a', 'b', 'c'],
      sizes: [5, 10],
      perClass: false,
      results: [
        { method: 'a', size: 5, mean: 1.234, std: 0.1, repeats: 3 },
        { method: 'a', size: 10, mean: 1.1, std: 0.2, repeats: 3 },
        { method: 'b', size: 5, mean: NaN, std: NaN, repeats: 0, skipped: 'needs labels' },
        { method: 'b', size: 10, mean: 0.9, std: 0.05, repeats: 3 },
        { method: 'c', size: 5, mean: 3, std: 1, repeats: 3 },
        {
          method: 'c',
          size: 10,
          mean: NaN,
          std: NaN,
          repeats: 3,
          failed: 'its rmse was not a finite number on 1 of 3 draws (NaN or infinite predictions)',
        },
        { method: 'constant', size: 5, mean: 2, std: 0.3, repeats: 3, reference: true },
        { method: 'constant', size: 10, mean: 2.1, std: 0.2, repeats: 3, reference: true },
      ],
      verdicts: [
        { size: 5, method: 'a<b>', baseline: 'target-only', verdict: 'hurt', difference: 0.5, ci: [0.1, 0.9], level: 0.95 },
        {
          size: 10,
          method: 'b',
          baseline: 'target-only',
          verdict: 'no clear difference',
          difference: -0.01,
          ci: [-0.2, 0.18],
          level: 0.975,
        },
      ],
    } as unknown as ExperimentReport;
    expect(verdictRows(report)).toEqual([
      {
        size: 5,
        method: 'a&lt;b&gt;',
        baseline: 'target-only',
        verdict: 'hurt',
        className: 'hurt',
        difference: '0.50 [0.10, 0.90] (95%)',
      },
      {
        size: 10,
        method: 'b',
        baseline: 'target-only',
        verdict: 'no clear difference',
        className: 'neutral',
        difference: '-0.01 [-0.20, 0.18] (97.5%)',
      },
    ]);
    expect(tableRows(report)).toEqual([
      ['constant (reference)', '2.00 ± 0.30', '2.10 ± 0.20'],
      ['a', '1.23 ± 0.10', '1.10 ± 0.20'],
      ['b', 'skipped', '0.90 ± 0.05'],
      ['c', '3.00 ± 1.00', 'failed'],
    ]);
    // The text report's notes: why a cell is skipped, and a failure with its reason (never a NaN in the table).
    expect(resultNotes(report)).toEqual([
      'b skipped where it could not run: needs labels',
      'c failed at k = 10: its rmse was not a finite number on 1 of 3 draws (NaN or infinite predictions); no verdict',
    ]);
    expect(verdictClass({ verdict: 'helped' })).toBe('helped');
    expect(verdictClass({ verdict: 'hurt' })).toBe('hurt');
    expect(verdictClass({ verdict: 'no clear difference' })).toBe('neutral');
    expect(verdictClass({ verdict: undefined })).toBe('neutral');
  });
});
