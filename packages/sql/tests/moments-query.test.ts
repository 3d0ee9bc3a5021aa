import { MOMENTS_FORMAT, momentsQuery } from '@tlkit/sql';

describe('momentsQuery', () => {
  it('writes one query in DuckDB’s dialect: shifted sums over complete rows, compensated sums, the names carried', () => {
    const sql = momentsQuery({ from: { file: 'data/flights.parquet' }, features: ['distance', 'dep "hour"'], label: 'delay' });
    expect(sql).toContain("FROM read_parquet('data/flights.parquet')");
    expect(sql).toContain('fsum((CAST("distance" AS DOUBLE) - m.shift_x1) * (CAST("dep ""hour""" AS DOUBLE) - m.shift_x2)) AS sum_x1_x2');
    expect(sql).toContain('ABS(CAST("delay" AS DOUBLE)) <= 1.7976931348623157E308');
    expect(sql).toContain(`'${MOMENTS_FORMAT}' AS tlkit_format`);
    expect(sql).toContain(`'["distance","dep \\"hour\\""]' AS tlkit_features`);
    expect(sql).not.toContain('sum_w');
    // d(d+1)/2 products of features, d with the label, and Σy²
    expect(sql.match(/ AS sum_x\d+_(x\d+|y)\b/g)).toHaveLength(3 + 2);
    expect(sql).toMatch(/AS sum_y_y\nFROM src CROSS JOIN m\nWHERE src\.tlkit_ok$/);
  });

  it('writes Spark SQL: backquoted names, plain SUM, a file as parquet.`path` or a table as named', () => {
    const sql = momentsQuery({ from: { table: 'lake.flights' }, features: ['x`1'], label: 'y', weight: 'w', dialect: 'spark' });
    expect(sql).toContain('FROM lake.flights');
    expect(sql).toContain(
      'SUM(CAST(`w` AS DOUBLE) * (CAST(`x``1` AS DOUBLE) - m.shift_x1) * (CAST(`y` AS DOUBLE) - m.shift_y)) AS sum_x1_y',
    );
    expect(sql).toContain('SUM(LN(CAST(`w` AS DOUBLE))) AS sum_log_w');
    expect(sql).toContain('MIN(CAST(`w` AS DOUBLE)) AS min_w');
    expect(sql).toContain('SUM((CAST(`x``1` AS DOUBLE) - m.shift_x1) * (CAST(`x``1` AS DOUBLE) - m.shift_x1)) AS plain_sum_x1_x1');
    expect(sql).not.toContain('fsum');
    expect(momentsQuery({ from: { file: '/data/f.parquet' }, features: ['a'], label: 'b', dialect: 'spark' })).toContain(
      'FROM parquet.`/data/f.parquet`',
    );
    expect(momentsQuery({ from: { table: 't' }, features: ['a'], label: "it's", dialect: 'spark' })).toContain("'it\\'s' AS tlkit_label");
  });

  it('refuses what cannot be a query, naming it', () => {
    const base = { from: { table: 't' }, features: ['a'], label: 'y' };
    expect(() => momentsQuery({ ...base, features: [] })).toThrow(new RangeError('momentsQuery: features must name at least one column'));
    expect(() => momentsQuery({ ...base, label: 'a' })).toThrow(
      new RangeError('momentsQuery: column "a" is used twice (features, label and weight must differ)'),
    );
    expect(() => momentsQuery({ ...base, dialect: 'oracle' as 'spark' })).toThrow(
      new RangeError('momentsQuery: dialect must be one of duckdb, spark, got "oracle"'),
    );
    expect(() => momentsQuery({ ...base, label: '' })).toThrow(
      new TypeError('momentsQuery: label must be a non-empty column name, got ""'),
    );
  });
});
