import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tlkitInProcess as tlkit } from './harness.js';

// Property-based: any edit of a saved model bundle, fed to inspect, predict and evaluate, gives success or exit 1
// with one line naming the file — never an internal TypeError, a stack trace or a hang.
/** A valid saved value with one field replaced by anything (or removed): the edits a hand or a bug makes. */
function mutated(valid: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(v)) v.slice(0, 4).forEach((x, i) => walk(x, [...path, i]));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(valid, []);
  const values = fc.oneof(fc.anything(), fc.constant(undefined), fc.constantFrom('1', -1, NaN, null, 0, 1e308, 'Infinity', [], {}));
  return fc.tuple(fc.constantFrom(...paths), values).map(([path, value]) => {
    if (path.length === 0) return value;
    const copy = structuredClone(valid) as Record<string | number, unknown>;
    let node = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    const last = path[path.length - 1];
    if (value === undefined) Reflect.deleteProperty(node, last);
    else node[last] = value;
    return copy;
  });
}

let dir: string;
let bundle: unknown;
const rows =
  'Cylinders,Displacement,Horsepower,Weight_in_lbs,Acceleration,Year,Miles_per_Gallon\n4,97,88,2130,14.5,1970,27\n6,200,95,3000,15,1975,20\n';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-bundle-fuzz-'));
  expect((await tlkit('datasets', '--export', dir, '--name', 'cars-usa-japan')).code).toBe(0);
  const source = join(dir, 'cars-usa-japan.source.csv');
  expect((await tlkit('fit', '--source', source, '--label', 'Miles_per_Gallon', '--out', join(dir, 'source.json'))).code).toBe(0);
  expect((await tlkit('transfer', '--model', join(dir, 'source.json'), '--target', source, '--out', join(dir, 'param.json'))).code).toBe(0);
  bundle = JSON.parse(readFileSync(join(dir, 'param.json'), 'utf8'));
  writeFileSync(join(dir, 'rows.csv'), rows);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('edited model bundles', () => {
  it('inspect, predict and evaluate answer with success or one clear line naming the file', async () => {
    const model = join(dir, 'edited.json');
    await fc.assert(
      fc.asyncProperty(mutated(bundle), fc.constantFrom('inspect', 'predict', 'evaluate'), async (json, command) => {
        writeFileSync(model, json === undefined ? 'undefined' : JSON.stringify(json));
        const argv = command === 'inspect' ? ['inspect', model] : [command, '--model', model, '--input', join(dir, 'rows.csv')];
        const r = await tlkit(...argv);
        if (r.code === 0) return;
        expect(r.code).toBe(1);
        const lines = r.stderr.split('\n').filter((l) => l.length > 0);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(model);
        expect(lines[0]).not.toMatch(/Cannot read propert|is not a function|is not iterable|undefined \(reading|\n\s+at /);
      }),
      { seed: 18, numRuns: 150 },
    );
  });
});
