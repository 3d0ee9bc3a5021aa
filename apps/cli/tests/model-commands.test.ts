import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METHOD_LEGEND, METHOD_NAMES } from '@tlkit/experiment/method-names';
import { tlkitIn } from './harness.js';

// predict --proba, evaluate and inspect as a user runs them: `tlkit` in this process on real data (cars: regression;
// penguins' sex from their measurements: classification).
let dir: string;

const tlkit = (...args: string[]) => tlkitIn(dir)(...args);

const lines = (file: string) => readFileSync(join(dir, file), 'utf8').trim().split('\n');
const PENGUINS = 'data/penguins-adelie-gentoo';
const CARS = 'data/cars-usa-japan';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-models-'));
  expect((await tlkit('datasets', '--export', 'data', '--name', 'cars-usa-japan')).code).toBe(0);
  expect((await tlkit('datasets', '--export', 'data', '--name', 'penguins-adelie-gentoo')).code).toBe(0);
  const target = lines(`${PENGUINS}.target.csv`);
  writeFileSync(join(dir, 'sex-few.csv'), [target[0], ...target.slice(1, 21)].join('\n') + '\n');
  writeFileSync(join(dir, 'sex-rest.csv'), [target[0], ...target.slice(21)].join('\n') + '\n');
  const fit = await tlkit('fit', '--source', `${PENGUINS}.source.csv`, '--label', 'Sex', '--task', 'classification', '--out', 'sex.json');
  expect(fit.stderr).toBe('');
  const transfer = await tlkit(
    'transfer',
    '--model',
    'sex.json',
    '--target',
    'sex-few.csv',
    '--method',
    'param',
    '--out',
    'sex-param.json',
  );
  expect(transfer.stderr).toBe('');
  expect((await tlkit('fit', '--source', `${CARS}.source.csv`, '--label', 'Miles_per_Gallon', '--out', 'cars.json')).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface EvaluateJson {
  task: string;
  rows: number;
  accuracy: number;
  balancedAccuracy: number;
  logLoss?: number;
  classes: string[];
  confusion: number[][];
  perClass: { class: string; support: number; precision: number | null; recall: number | null }[];
}

describe('tlkit predict --proba', () => {
  // The source model (Adélie) on its own rows; the transferred one on Gentoo rows it never saw. (The Adélie model on
  // Gentoo rows is confident and wrong, 0.45 more confident than right: calibration does not survive a domain shift.)
  it.each([
    ['sex.json', `${PENGUINS}.source.csv`],
    ['sex-param.json', 'sex-rest.csv'],
  ])('%s: one probability column per class, summing to 1, largest for the predicted class, calibrated', async (model, input) => {
    const r = await tlkit('predict', '--model', model, '--input', input, '--proba', '--out', 'p.csv');
    expect(r.code).toBe(0);
    const [head, ...rows] = lines('p.csv');
    expect(head.split(',').slice(-3)).toEqual(['predicted_Sex', 'probability_FEMALE', 'probability_MALE']);
    expect(rows).toHaveLength(lines(input).length - 1);
    let confidence = 0;
    let correct = 0;
    for (const row of rows) {
      const cells = row.split(',');
      const [truth, label, female, male] = [cells[3], cells.at(-3), Number(cells.at(-2)), Number(cells.at(-1))];
      expect(female + male).toBeCloseTo(1, 5);
      expect(Math.min(female, male)).toBeGreaterThanOrEqual(0);
      expect(label).toBe(female > male ? 'FEMALE' : 'MALE');
      confidence += Math.max(female, male) / rows.length;
      if (label === truth) correct += 1 / rows.length;
    }
    // Calibrated on leave-one-out outputs: as confident as it is right, within sampling error.
    expect(Math.abs(confidence - correct)).toBeLessThan(0.1);
  });

  it('refuses a regression model with one line naming it, and writes nothing', async () => {
    const r = await tlkit('predict', '--model', 'cars.json', '--input', `${CARS}.target.csv`, '--proba', '--out', 'never.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'tlkit: --proba: cars.json is a regression model (it predicts "Miles_per_Gallon"); class probabilities exist for classifiers only\n',
    );
    expect(() => readFileSync(join(dir, 'never.csv'))).toThrow();
  });
});

describe('tlkit evaluate', () => {
  it('classification: a confusion matrix whose rows are the true classes, recall and precision from it', async () => {
    const r = await tlkit('evaluate', '--model', 'sex-param.json', '--input', 'sex-rest.csv', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as EvaluateJson;
    expect(s.classes).toEqual(['FEMALE', 'MALE']);
    const truth = lines('sex-rest.csv')
      .slice(1)
      .map((l) => l.split(',')[3]);
    expect(s.rows).toBe(truth.length);
    s.classes.forEach((c, i) => {
      const support = truth.filter((t) => t === c).length;
      expect(s.confusion[i].reduce((a, b) => a + b, 0)).toBe(support);
      expect(s.perClass[i]).toMatchObject({ class: c, support });
      expect(s.perClass[i].recall).toBeCloseTo(s.confusion[i][i] / support, 12);
      expect(s.perClass[i].precision).toBeCloseTo(s.confusion[i][i] / (s.confusion[0][i] + s.confusion[1][i]), 12);
    });
    expect(s.accuracy).toBeCloseTo((s.confusion[0][0] + s.confusion[1][1]) / s.rows, 12);
    expect(s.accuracy).toBeGreaterThan(0.8);
    expect(s.logLoss).toBeGreaterThan(0);
    expect(s.logLoss).toBeLessThan(Math.log(2));
    const text = (await tlkit('evaluate', '--model', 'sex-param.json', '--input', 'sex-rest.csv')).stdout;
    expect(text).toContain('confusion matrix (rows: true class, columns: predicted class)');
    expect(text).toMatch(new RegExp(`\\nFEMALE +${s.confusion[0][0]} +${s.confusion[0][1]}\\n`));
    expect(text).toMatch(/class +precision +recall +F1 +rows/);
  });

  it('regression: RMSE, MAE, R² and residual quantiles that match the predictions', async () => {
    const r = await tlkit('evaluate', '--model', 'cars.json', '--input', `${CARS}.target.csv`, '--json');
    const s = JSON.parse(r.stdout) as { rmse: number; mae: number; bias: number; residualQuantiles: Record<string, number> };
    const predicted = (await tlkit('predict', '--model', 'cars.json', '--input', `${CARS}.target.csv`)).stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    const residuals = predicted.map((c) => c[6] - c[7]).sort((a, b) => a - b);
    expect(s.residualQuantiles.min).toBeCloseTo(residuals[0], 6);
    expect(s.residualQuantiles.max).toBeCloseTo(residuals[residuals.length - 1], 6);
    expect(s.residualQuantiles.median).toBeCloseTo(residuals[(residuals.length - 1) / 2], 6); // 79 rows: the 40th
    expect(s.bias).toBeCloseTo(residuals.reduce((a, b) => a + b, 0) / residuals.length, 6);
    expect(s.rmse).toBeCloseTo(Math.sqrt(residuals.reduce((a, b) => a + b * b, 0) / residuals.length), 6);
    const text = (await tlkit('evaluate', '--model', 'cars.json', '--input', `${CARS}.target.csv`)).stdout;
    expect(text).toMatch(/^rows 79\nRMSE [\d.]+ {2}MAE [\d.]+ {2}R² -?[\d.]+\nresiduals \(label − prediction\)/);
    expect(text).toMatch(/quantile +-?[\d.]+/);
  });
});

describe('tlkit inspect', () => {
  it('coefficients by name, largest first, that reproduce the predictions in the units of the file', async () => {
    const r = await tlkit('inspect', 'cars.json', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as {
      coefficients: { intercept: number[]; rows: { feature: string; perSd: number[]; perUnit: number[] }[] };
    };
    const bundle = JSON.parse(readFileSync(join(dir, 'cars.json'), 'utf8')) as { preprocessor: { scaler: { mean: number[] } } };
    const rows = s.coefficients.rows;
    const features = ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Year'];
    expect(rows.map((c) => c.feature).sort()).toEqual([...features].sort());
    for (let i = 1; i < rows.length; i++) expect(Math.abs(rows[i - 1].perSd[0])).toBeGreaterThanOrEqual(Math.abs(rows[i].perSd[0]));
    // prediction = intercept + Σ (x − source mean) · coefficient per unit, for rows of the target file.
    const predicted = (await tlkit('predict', '--model', 'cars.json', '--input', `${CARS}.target.csv`)).stdout.trim().split('\n');
    for (const line of predicted.slice(1, 6)) {
      const cells = line.split(',').map(Number);
      let value = s.coefficients.intercept[0];
      for (const c of rows) {
        const j = features.indexOf(c.feature);
        value += (cells[j] - bundle.preprocessor.scaler.mean[j]) * c.perUnit[0];
      }
      expect(value).toBeCloseTo(cells[7], 8);
    }
    const text = (await tlkit('inspect', 'cars.json', '--top', '2')).stdout;
    expect(text).toMatch(new RegExp(`coefficients, largest first \\(2 of 6; --top N for more\\)`));
    expect(text).toMatch(new RegExp(`\\n${rows[0].feature} +-?[\\d.]+ +-?[\\d.]+\\n${rows[1].feature} +`));
    expect(text).not.toContain(`\n${rows[2].feature} `);
  });

  it('a classifier: one column of coefficients per class; a transfer bundle records its source model', async () => {
    const text = (await tlkit('inspect', 'sex-param.json')).stdout;
    expect(text).toMatch(/feature +FEMALE +MALE/);
    const source = JSON.parse(readFileSync(join(dir, 'sex.json'), 'utf8')) as { created: string };
    const transfer = JSON.parse(readFileSync(join(dir, 'sex-param.json'), 'utf8')) as {
      created: string;
      details: { sourceModel: { file: string; created: string } };
    };
    expect(transfer.details.sourceModel).toEqual({ file: 'sex.json', created: source.created });
    expect(Date.parse(transfer.created)).toBeGreaterThanOrEqual(Date.parse(source.created));
    expect(transfer.created).not.toBe(source.created);
    expect((await tlkit('inspect', 'sex-param.json', '--top', 'x')).stderr).toBe('tlkit: --top must be a whole number ≥ 1, got "x"\n');
  });
});

describe('tlkit compare', () => {
  it('--help explains every method name', async () => {
    const help = (await tlkit('compare', '--help')).stdout;
    expect(help).toContain('What these names mean:');
    for (const name of [...METHOD_NAMES, 'constant']) {
      expect(help).toMatch(
        new RegExp(`\\n  ${name.replace(/[+]/g, '\\+')} +${METHOD_LEGEND[name].slice(0, 20).replace(/[()+?.*]/g, '\\$&')}`),
      );
    }
    expect(help).toMatch(/\n {2}no transfer: the better of target-only and source-only/);
  });

  it('a size the target cannot hold: one line in the words of the command, not of an internal function', async () => {
    const r = await tlkit('compare', '--dataset', 'cars-usa-japan', '--sizes', '500', '--repeats', '2', '-q');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('tlkit: size 500 needs 500 labelled target rows and leaves none to test; the target has 79\n');
    expect(r.stderr).not.toMatch(/runExperiment/);
  });
});
