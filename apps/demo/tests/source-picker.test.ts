import type { SourcesReport } from '@tlkit/experiment';
import { relianceSentence, sourceRankingRows, sourcesProblem } from '../src/source-picker.js';

describe('the source picker', () => {
  it('refuses sources with different columns, naming the file and the column, and a file twice', () => {
    const a = { name: 'usa.csv', columns: ['x', 'mpg'] };
    expect(sourcesProblem([a, { name: 'europe.csv', columns: ['mpg', 'x'] }])).toBeUndefined();
    expect(sourcesProblem([a, { name: 'europe.csv', columns: ['mpg'] }])).toBe(
      'europe.csv has no column "x", which usa.csv has: every source needs the same columns.',
    );
    expect(sourcesProblem([a, { name: 'europe.csv', columns: ['x', 'mpg', 'z'] }])).toBe(
      'europe.csv has a column "z" that usa.csv lacks: every source needs the same columns.',
    );
    expect(sourcesProblem([a, a])).toBe('usa.csv is chosen twice as a source; choose each source once.');
  });

  it('shows the ranking per size and what the chosen model leaned on from the report’s fields', () => {
    const sources: SourcesReport = {
      names: ['usa', 'europe'],
      rows: [245, 68],
      ranking: [
        {
          size: 5,
          draws: 4,
          none: 0.1,
          sources: [
            { name: 'europe', rows: 68, logEvidenceRatio: 1.76, posterior: 0.6, logme: -3.1, rankedFirst: 3 },
            { name: 'usa', rows: 245, logEvidenceRatio: 0.75, posterior: 0.3, logme: NaN, rankedFirst: 1 },
          ],
        },
      ],
      reliance: [
        { size: 5, method: 'auto', chosen: true, leanedOn: 'europe', counts: { europe: 3, usa: 1 }, shares: { europe: 0.7 } },
        { size: 5, method: 'multi:param', chosen: false, leanedOn: 'europe', counts: { europe: 4 }, shares: {} },
      ],
    };
    expect(sourceRankingRows(sources, 5)).toEqual([
      ['europe', '68', '0.600', '1.76', '-3.100', '3/4'],
      ['usa', '245', '0.300', '0.75', '—', '1/4'],
      ['no source', '', '0.100', '0.00', '', ''],
    ]);
    expect(sourceRankingRows(sources, 10)).toEqual([]);
    expect(relianceSentence(sources)).toBe('k = 5: auto leaned on europe (3 of 4 draws).');
  });
});
