export {
  describeSource,
  duckdbMoments,
  featureColumns,
  type DuckdbMoments,
  type DuckdbMomentsOptions,
  type SourceColumn,
} from './duckdb-moments.js';
export { withDuckdb, queryRows } from './duckdb-session.js';
