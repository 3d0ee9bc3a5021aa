import { sampleLabelled, trainTestSplit } from '@tlkit/tensor-core';

// Both stratified splits pushed each class's rows with push(...rows): past about 10^5 rows a class, V8 throws
// "Maximum call stack size exceeded".
describe('splits of 300,000 rows', () => {
  const n = 300_000;
  const labels = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 'b' : 'a'));

  it('trainTestSplit stratified', () => {
    const { train, test } = trainTestSplit(n, { testSize: 0.25, stratify: labels, seed: 1 });
    expect(train.length + test.length).toBe(n);
    expect(test.filter((i) => labels[i] === 'b').length).toBe(7500);
  });

  it('sampleLabelled per class', () => {
    const { train, test } = sampleLabelled(n, 3, { labels, perClass: true, seed: 1 });
    expect(train).toHaveLength(6);
    expect(test).toHaveLength(n - 6);
  });
});
