/**
 * The comparison methods' names, in a module that imports nothing: pages and command-line help list them without
 * loading the methods themselves (and TensorFlow.js with them). The registry checks it serves exactly these.
 */

/** Every method name, `auto` included, in the registry's order. */
export const METHOD_NAMES: readonly string[] = [
  'target-only',
  'source-only',
  'pooled',
  'param',
  'feature:pca',
  'feature:coral',
  'feature:sa',
  'feature:fa',
  'feature:tca',
  'feature:embed',
  'deep',
  'deep:l2sp',
  'dann',
  'deep:coral',
  'deep:mmd',
  'auto',
];

/** The default comparison: the fast methods (no network training). */
export const DEFAULT_METHODS: readonly string[] = ['target-only', 'source-only', 'pooled', 'param', 'feature:coral', 'feature:fa', 'auto'];
