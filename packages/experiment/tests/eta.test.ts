import { estimateRemaining, formatDuration, progressText } from '@tlkit/experiment/eta';

describe('progress estimates', () => {
  it('extrapolates the pace so far', () => {
    expect(estimateRemaining(10, 40, 5)).toBe(15);
    expect(estimateRemaining(40, 40, 5)).toBe(0);
    expect(estimateRemaining(0, 40, 5)).toBeUndefined();
    expect(estimateRemaining(5, 4, 1)).toBeUndefined();
  });

  it('writes durations for people', () => {
    expect([0, 8.4, 59.6, 185, 3599, 3600, 4330].map(formatDuration)).toEqual([
      '0 s',
      '8 s',
      '1 min 00 s',
      '3 min 05 s',
      '59 min 59 s',
      '1 h 00 min',
      '1 h 12 min',
    ]);
    expect(formatDuration(NaN)).toBe('—');
  });

  it('says done / total, the percentage and the time left', () => {
    expect(progressText(12, 4200, 0.6)).toBe('12 / 4200 (0%), about 3 min 29 s left');
    expect(progressText(0, 10, 1)).toBe('0 / 10 (0%)');
    expect(progressText(10, 10, 65)).toBe('10 / 10 (100%) in 1 min 05 s');
  });
});
