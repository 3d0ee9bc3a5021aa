import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTask } from '@tlkit/datasets';
import { METHOD_NAMES } from '@tlkit/experiment/method-names';
import { runNode, TLKIT_BIN } from './harness.js';

// Compare, then deploy: `tlkit transfer --method M` for every method compare runs, then `predict`, on cars
// (regression) and on a digits task (classification, 196 pixel columns).
let dir: string;

const tlkit = (...args: string[]) => runNode(dir, TLKIT_BIN, args, 900000);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-transfer-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['cars-usa-japan', 10],
  ['digits-rotated', 30],
])('tlkit transfer --method <each compare method> on %s, then predict', (name, labelledRows) => {
  it('fits, saves, predicts and evaluates every method', () => {
    const task = loadTask(name);
    expect(tlkit('datasets', '--export', 'data', '--name', name).code).toBe(0);
    const target = readFileSync(join(dir, `data/${name}.target.csv`), 'utf8')
      .trim()
      .split('\n');
    writeFileSync(join(dir, `${name}-few.csv`), [target[0], ...target.slice(1, 1 + labelledRows)].join('\n') + '\n');
    writeFileSync(join(dir, `${name}-rest.csv`), [target[0], ...target.slice(1 + labelledRows)].join('\n') + '\n');
    const source = `data/${name}.source.csv`;
    const fit = tlkit('fit', '--source', source, '--label', task.label, '--task', task.kind, '--out', `${name}-source.json`);
    expect(fit.stderr).toBe('');
    const scores: Record<string, number> = {};
    // The multi-source methods need two or more --source files: tests/multi-source.test.ts runs them.
    for (const method of METHOD_NAMES.filter((m) => !m.startsWith('multi:'))) {
      const out = `${name}-${method.replace(':', '-')}.json`;
      const r = tlkit(
        'transfer',
        '--model',
        `${name}-source.json`,
        '--target',
        `${name}-few.csv`,
        '--source',
        source,
        '--unlabeled',
        `${name}-rest.csv`,
        '--method',
        method,
        '--out',
        out,
      );
      expect({ method, code: r.code, stderr: r.stderr }).toEqual({ method, code: 0, stderr: '' });
      const predicted = tlkit('predict', '--model', out, '--input', `${name}-rest.csv`);
      expect(predicted.code).toBe(0);
      expect(predicted.stdout.trim().split('\n')).toHaveLength(target.length - labelledRows);
      const metrics = JSON.parse(tlkit('evaluate', '--model', out, '--input', `${name}-rest.csv`, '--json').stdout) as Record<
        string,
        number
      >;
      scores[method] = task.kind === 'regression' ? metrics.rmse : metrics.accuracy;
      expect(Number.isFinite(scores[method])).toBe(true);
      // inspect shows every kind: coefficients by name for linear models, layers for networks; a kernel map or a
      // boosted ensemble may not be linear in its features, and then says so.
      const inspected = JSON.parse(tlkit('inspect', out, '--json').stdout) as {
        coefficients?: { rows: { feature: string }[] };
        noCoefficients?: string;
        layers?: { parameters: number }[];
      };
      if (['deep', 'deep:l2sp', 'dann', 'deep:coral', 'deep:mmd', 'feature:embed'].includes(method)) {
        expect((inspected.layers ?? []).reduce((a, l) => a + l.parameters, 0)).toBeGreaterThan(0);
      } else if (!['feature:tca', 'instance:tradaboost'].includes(method)) {
        expect(inspected.coefficients?.rows.length).toBe(target[0].split(',').length - 1);
      } else {
        expect(inspected.coefficients ?? inspected.noCoefficients).toBeDefined();
      }
      // Every classifier with decision values gives class probabilities, one column per class; a boosted vote says it has none.
      if (task.kind === 'classification' && method === 'instance:tradaboost') {
        const proba = tlkit('predict', '--model', out, '--input', `${name}-rest.csv`, '--proba');
        expect(proba.code).toBe(2);
        expect(proba.stderr).toContain('predicts labels only');
      } else if (task.kind === 'classification') {
        const proba = tlkit('predict', '--model', out, '--input', `${name}-rest.csv`, '--proba');
        expect({ method, code: proba.code, stderr: proba.stderr }).toEqual({ method, code: 0, stderr: '' });
        expect(
          proba.stdout
            .split('\n')[0]
            .split(',')
            .filter((c) => c.startsWith('probability_')).length,
        ).toBeGreaterThan(1);
      }
    }
    // Saved models predict as compare measured: on cars the linear methods stay within a few mpg, on digits well above chance.
    if (task.kind === 'regression') for (const m of ['target-only', 'param', 'feature:fa', 'auto']) expect(scores[m]).toBeLessThan(10);
    else for (const m of ['target-only', 'param', 'auto']) expect(scores[m]).toBeGreaterThan(0.3);
  }, 3600000);
});
