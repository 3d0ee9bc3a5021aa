import { BadDataError, parseCsv } from '@tlkit/tensor-core';
import { prepareTables } from '@tlkit/experiment';

const csv = (name: string, text: string) => parseCsv(text, { source: name });
const a = csv('a.csv', 'x,kind,y\n1,u,2\n2,v,4\n3,u,6\n');
const b = csv('b.csv', 'kind,y,x\nv,10,10\nw,12,11\n');
const target = csv('t.csv', 'x,kind,y\n4,u,8\n5,v,9\n6,w,13\n');

describe('prepareTables with several sources', () => {
  it('fits one schema and scaler on all the sources, keeps each apart and stacks them in order', () => {
    const data = prepareTables(
      [
        { name: 'a', table: a },
        { name: 'b', table: b },
      ],
      target,
      { label: 'y', task: 'regression' },
    );
    expect(data.sources?.map((s) => [s.name, s.X.rows])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    expect(data.Xs.rows).toBe(5);
    expect([...data.ys]).toEqual([2, 4, 6, 10, 12]);
    // b's columns in another order are read by name; its level "w" is known since the schema saw every source.
    expect(data.featureNames).toEqual(expect.arrayContaining(['x', 'kind=w']));
    const xCol = data.featureNames.indexOf('x');
    const xs = Array.from({ length: 5 }, (_, i) => data.Xs.data[i * data.Xs.cols + xCol]);
    expect(xs.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 10);
    expect([...(data.sources?.[1].X.data ?? [])]).toEqual([...data.Xs.data.subarray(3 * data.Xs.cols)]);
  });

  it('one source in a list is the single-source case', () => {
    const known = csv('t.csv', 'x,kind,y\n4,u,8\n5,v,9\n');
    const one = prepareTables([{ name: 'a', table: a }], known, { label: 'y', task: 'regression' });
    expect(one.sources).toBeUndefined();
    expect(one.Xs).toEqual(prepareTables(a, known, { label: 'y', task: 'regression' }).Xs);
  });

  it('names the file and the column when the sources differ, and refuses a name twice', () => {
    const c = csv('c.csv', 'x,y\n1,2\n2,3\n');
    const d = csv('d.csv', 'x,kind,y,z\n1,u,2,0\n2,u,3,0\n');
    const opts = { label: 'y', task: 'regression' as const };
    expect(() =>
      prepareTables(
        [
          { name: 'a', table: a },
          { name: 'c', table: c },
        ],
        target,
        opts,
      ),
    ).toThrow(new BadDataError('c.csv: has no column "kind", which a.csv has (every source needs the same columns)'));
    expect(() =>
      prepareTables(
        [
          { name: 'a', table: a },
          { name: 'd', table: d },
        ],
        target,
        opts,
      ),
    ).toThrow('d.csv: has a column "z" that a.csv lacks');
    expect(() =>
      prepareTables(
        [
          { name: 'a', table: a },
          { name: 'a', table: b },
        ],
        target,
        opts,
      ),
    ).toThrow('two sources are named "a"');
    expect(() => prepareTables([], target, opts)).toThrow('prepareTables: give at least one source');
  });
});
