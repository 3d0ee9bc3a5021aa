import { BadDataError, encodeTable, inferSchema, parseCsv, toArray2D } from '@tlkit/tensor-core';

const source = parseCsv('id,size,color,price\n1,2.5,red,10\n2,3,blue,12\n3,4,red,15\n', { source: 'src.csv' });

describe('schema', () => {
  it('infers types and one-hot encodes with the source vocabulary', () => {
    const schema = inferSchema(source, { label: 'price', ignore: ['id'] });
    expect(schema.features).toEqual([
      { name: 'size', type: 'numeric' },
      { name: 'color', type: 'categorical', categories: ['blue', 'red'] },
    ]);
    expect(schema.label).toEqual({ name: 'price', type: 'numeric' });
    const enc = encodeTable(source, schema);
    expect(enc.featureNames).toEqual(['size', 'color=blue', 'color=red']);
    expect(toArray2D(enc.X)).toEqual([
      [2.5, 0, 1],
      [3, 1, 0],
      [4, 0, 1],
    ]);
    expect(Array.from(enc.y as Float64Array)).toEqual([10, 12, 15]);
  });

  it('checks a target table: missing, extra and retyped columns, unknown categories', () => {
    const schema = inferSchema(source, { label: 'price', ignore: ['id'] });
    const missing = parseCsv('id,size,price\n1,2,3\n', { source: 'tgt.csv' });
    expect(() => encodeTable(missing, schema)).toThrow(new BadDataError('tgt.csv: column "color" missing (the source has it)'));
    const extra = parseCsv('id,size,color,price,weight\n1,2,red,3,4\n', { source: 'tgt.csv' });
    expect(() => encodeTable(extra, schema)).toThrow('tgt.csv: column "weight" not in the source\'s columns');
    const retyped = parseCsv('id,size,color,price\n1,2,red,3\n2,big,red,4\n', { source: 'tgt.csv' });
    expect(() => encodeTable(retyped, schema)).toThrow(
      'tgt.csv line 3, column "size": "big" is not a number (the column is numeric in the source)',
    );
    const unknown = parseCsv('id,size,color,price\n1,2,green,3\n', { source: 'tgt.csv' });
    expect(() => encodeTable(unknown, schema)).toThrow('tgt.csv line 2, column "color": category "green" was not seen in the source');
    expect(toArray2D(encodeTable(unknown, schema, { unknownCategory: 'ignore' }).X)).toEqual([[2, 0, 0]]);
  });

  it('reports missing values with their line, or drops those rows when asked', () => {
    const schema = inferSchema(source, { label: 'price', ignore: ['id'] });
    const holes = parseCsv('id,size,color,price\n1,,red,3\n2,5,red,\n3,6,blue,7\n', { source: 't.csv' });
    expect(() => encodeTable(holes, schema)).toThrow('t.csv line 2, column "size": value is missing');
    const enc = encodeTable(holes, schema, { missing: 'drop' });
    expect(Array.from(enc.rowIndex)).toEqual([2]);
    expect(Array.from(enc.y as Float64Array)).toEqual([7]);
  });

  it('encodes rows to predict without the label column when allowed', () => {
    const schema = inferSchema(source, { label: 'price', ignore: ['id'] });
    const rows = parseCsv('id,size,color\n9,1,blue\n');
    const enc = encodeTable(rows, schema, { labelOptional: true });
    expect(enc.y).toBeUndefined();
    expect(toArray2D(enc.X)).toEqual([[1, 1, 0]]);
  });

  it('rejects an unknown label or feature column', () => {
    expect(() => inferSchema(source, { label: 'cost' })).toThrow(
      'src.csv: label column "cost" not found; columns are "id", "size", "color", "price"',
    );
    expect(() => inferSchema(source, { label: 'price', features: ['size', 'nope'] })).toThrow('feature column "nope" not found');
  });

  it('types the label by the task: labelType fixes it, no label gives none', () => {
    // These assignments are the test: they compile only if the types follow the options (tsc checks the specs).
    const numeric: Float64Array = encodeTable(source, inferSchema(source, { label: 'price', labelType: 'numeric', ignore: ['id'] })).y;
    const classes: readonly string[] = encodeTable(source, inferSchema(source, { label: 'color', labelType: 'categorical' })).y;
    const none: undefined = encodeTable(source, inferSchema(source, { ignore: ['id'] })).y;
    const maybe: Float64Array | undefined = encodeTable(
      parseCsv('id,size,color\n1,2,red\n', { source: 'rows.csv' }),
      inferSchema(source, { label: 'price', labelType: 'numeric' }),
      { labelOptional: true },
    ).y;
    expect(Array.from(numeric)).toEqual([10, 12, 15]);
    expect(classes).toEqual(['red', 'blue', 'red']);
    expect(none).toBeUndefined();
    expect(maybe).toBeUndefined();
    expect(() =>
      encodeTable(parseCsv('a,b\n1,x\n', { source: 't.csv' }), inferSchema(parseCsv('a,b\n1,2\n'), { label: 'b', labelType: 'numeric' })),
    ).toThrow('t.csv line 2, column "b": label "x" is not a number (the label is numeric)');
  });
});
