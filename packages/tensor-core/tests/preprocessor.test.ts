import { BadDataError, Preprocessor, StandardScaler, encodeTable, inferSchema, parseCsv, toArray2D } from '@tlkit/tensor-core';

const source = parseCsv('id,size,color,price\n1,2,red,10\n2,4,blue,12\n3,6,red,15\n4,,red,9\n', { source: 'src.csv' });
const target = parseCsv('id,size,color,price\n7,3,blue,11\n8,8,red,20\n', { source: 'tgt.csv' });

describe('Preprocessor', () => {
  it('is inferSchema, encodeTable and a StandardScaler fitted on the encoded source rows, in one object', () => {
    const pre = new Preprocessor({ label: 'price', ignore: ['id'], missing: 'drop' });
    const rows = pre.fitTransform(source);
    const schema = inferSchema(source, { label: 'price', ignore: ['id'] });
    expect(pre.schema).toEqual(schema);
    const encoded = encodeTable(source, schema, { missing: 'drop' });
    const scaler = new StandardScaler().fit(encoded.X);
    expect(toArray2D(rows.X)).toEqual(toArray2D(scaler.transform(encoded.X)));
    expect(Array.from(rows.y as Float64Array)).toEqual([10, 12, 15]);
    expect(Array.from(rows.rowIndex)).toEqual([0, 1, 2]);
    expect(pre.featureNames).toEqual(['size', 'color=blue', 'color=red']);
    expect(pre.label).toBe('price');
    // size: mean 4, population sd √(8/3); the target is scaled with the source's statistics.
    const t = pre.transform(target);
    expect(t.X.data[0]).toBeCloseTo((3 - 4) / Math.sqrt(8 / 3), 12);
    expect(Array.from(t.y as Float64Array)).toEqual([11, 20]);
  });

  it('reads rows without their label when asked, and names what is wrong with a table', () => {
    const pre = new Preprocessor({ label: 'price', ignore: ['id'], missing: 'drop' }).fit(source);
    const unlabelled = parseCsv('id,size,color\n9,5,red\n', { source: 'new.csv' });
    expect(pre.transform(unlabelled, { labelOptional: true }).y).toBeUndefined();
    expect(() => pre.transform(unlabelled)).toThrow(new BadDataError('new.csv: column "price" missing (the source has it)'));
    const other = parseCsv('id,size,color,price\n1,2,green,3\n', { source: 'other.csv' });
    expect(() => pre.transform(other)).toThrow('other.csv line 2, column "color": category "green" was not seen in the source');
    expect(() => new Preprocessor({ label: 'price' }).fit(source)).toThrow('src.csv line 5, column "size": value is missing');
  });

  it('round-trips through JSON and rejects what it cannot read', () => {
    const pre = new Preprocessor({ label: 'price', ignore: ['id'], missing: 'drop' }).fit(source);
    const back = Preprocessor.fromJSON(JSON.parse(JSON.stringify(pre.toJSON())));
    expect(toArray2D(back.transform(target).X)).toEqual(toArray2D(pre.transform(target).X));
    expect(back.toJSON()).toEqual(pre.toJSON());
    expect(() => Preprocessor.fromJSON({ ...pre.toJSON(), kind: 'StandardScaler' })).toThrow(TypeError);
    expect(() => Preprocessor.fromJSON({ ...pre.toJSON(), version: 2 })).toThrow(RangeError);
    expect(() => Preprocessor.fromJSON({ ...pre.toJSON(), scaler: { ...pre.toJSON().scaler, mean: [0], scale: [1] } })).toThrow(
      'Preprocessor.fromJSON: the scaler has 1 columns, the schema encodes 3',
    );
    expect(() => new Preprocessor().schema).toThrow('Preprocessor.schema: the estimator is not fitted; call fit() first');
  });
});
