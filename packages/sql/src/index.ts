export { SQL_DIALECTS, type SqlDialect } from './dialect.js';
export { momentsQuery, momentsColumn, MOMENTS_FORMAT, type MomentsQueryOptions, type MomentsSource } from './moments-query.js';
export { momentsFromRow, readMomentsText, type MomentsResult } from './moments-result.js';
export { fitFromMoments, scaledRidgeMoments, type FitFromMomentsOptions, type MomentsFit } from './fit-from-moments.js';
