/**
 * The comparison methods' names and what they mean, in a module that imports nothing: pages and command-line help
 * list and explain them without loading the methods themselves (and TensorFlow.js with them). The registry checks it
 * serves exactly these names, and every method's one-line summary is its entry here.
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
  'instance:iw',
  'instance:kmm',
  'instance:kliep',
  'instance:ulsif',
  'instance:tradaboost',
  'feature:embed',
  'deep',
  'deep:l2sp',
  'dann',
  'deep:coral',
  'deep:mmd',
  'multi:param',
  'multi:pooled',
  'auto',
];

/** The default comparison: the fast methods (no network training). */
export const DEFAULT_METHODS: readonly string[] = ['target-only', 'source-only', 'pooled', 'param', 'feature:coral', 'feature:fa', 'auto'];

/** The methods added to the default comparison when there are two or more sources. */
export const MULTI_SOURCE_METHODS: readonly string[] = ['multi:param', 'multi:pooled'];

/** The default comparison for a number of sources: the fast methods, and the multi-source ones from two sources on. */
export function defaultMethodsFor(sourceCount: number): readonly string[] {
  if (sourceCount < 2) return DEFAULT_METHODS;
  const at = DEFAULT_METHODS.indexOf('auto');
  return [...DEFAULT_METHODS.slice(0, at), ...MULTI_SOURCE_METHODS, ...DEFAULT_METHODS.slice(at)];
}

/** What each method does, in one line: the methods of METHOD_NAMES and the constant reference row of every table. */
export const METHOD_LEGEND: Readonly<Record<string, string>> = {
  constant: 'the mean of the labelled target rows (classification: their majority class), whatever the features',
  'target-only': 'ridge on the labelled target rows alone, alpha by the evidence (no transfer)',
  'source-only': 'the source model applied to the target as it is (no transfer)',
  pooled: 'one ridge on the source and labelled target rows together',
  param: 'ridge pulled toward the source weights, the pull λ chosen by the evidence (λ = 0: source ignored; ∞: source kept)',
  'feature:pca': 'principal components of the source and target rows, a ridge head on them',
  'feature:coral': "CORAL: source rows recoloured to the target's covariance, a ridge head on both",
  'feature:sa': "subspace alignment: the source's principal axes turned onto the target's, a ridge head on both",
  'feature:fa': 'feature augmentation: shared and per-domain copies of every feature, one ridge on both domains',
  'feature:tca': 'transfer component analysis: a kernel embedding that brings the domains together, a ridge head on it',
  'instance:iw': 'source rows weighted by a domain classifier’s p(target|x)/p(source|x), a ridge head on them and the labelled rows',
  'instance:kmm': 'source rows weighted by kernel mean matching (Huang et al. 2007), a ridge head on them and the labelled rows',
  'instance:kliep': 'source rows weighted by KLIEP’s density ratio (σ by likelihood CV), a ridge head on them and the labelled rows',
  'instance:ulsif':
    'source rows weighted by uLSIF’s density ratio (σ, λ by its closed-form LOO), a ridge head on them and the labelled rows',
  'instance:tradaboost':
    'boosting that shrinks the misleading source rows’ weights: TrAdaBoost (classes) or two-stage TrAdaBoost.R2 (values)',
  'feature:embed': "the source network's last hidden layer as features, a ridge head on the source and target rows",
  deep: "fine-tuning the source network: a new head first, then every layer at a tenth of the head's rate",
  'deep:l2sp': 'fine-tuning with an L2-SP penalty pulling the weights toward the source network',
  dann: 'domain-adversarial training: features the domain classifier cannot tell apart',
  'deep:coral': 'Deep CORAL: the network trained to match the feature covariances of both domains',
  'deep:mmd': "multi-kernel MMD: the network trained to match the domains' feature distributions",
  'multi:param':
    'several sources: ridge pulled toward their weights averaged by each source’s posterior (the evidence on the labelled rows, “no source” included), λ by the evidence',
  'multi:pooled':
    'several sources: one ridge on the labelled rows and every source’s rows, each source weighted by exact leave-one-out on the labelled rows',
  auto:
    'chooses among the other quick methods on the labelled target rows only (exact leave-one-out), and may combine them; ' +
    'at size 0, by importance-weighted CV on the source rows',
};

/** The other words of the reports: baselines, scores and marks, in the order a reader meets them. */
export const TERM_LEGEND: Readonly<Record<string, string>> = {
  'no transfer': 'the better of target-only and source-only at each size: what a method must beat to have helped',
  'auto:a+b': 'auto restricted to the named candidates (e.g. auto:target-only+param)',
  '+ / −': 'better / worse than no transfer by the paired bootstrap test, Holm-adjusted over the transfer methods shown',
  '95% CI': 'a paired two-level bootstrap interval: over which target rows were labelled and which rows the target has',
  LogME: 'how well the source representation explains the labelled target rows (You et al. 2021); higher transfers better',
  'param λ': 'how hard parameter transfer pulled toward the source weights: 0 ignored the source, ∞ kept the source model',
  'leaned on':
    'with several sources: the source with the largest share in the chosen model (posterior π in multi:param, row weight in multi:pooled); (none) when no source has more than the target’s own',
  k: 'the number of labelled target rows in a draw (per class with --per-class); k = 0 is unsupervised adaptation',
};

/** The legend entry of a method name, `auto:a+b` included; undefined for an unknown name. */
export function methodMeaning(name: string): string | undefined {
  if (name.startsWith('auto:')) return `auto over ${name.slice(5).split(/[+,]/).join(', ')} only: ${METHOD_LEGEND.auto}`;
  return Object.hasOwn(METHOD_LEGEND, name) ? METHOD_LEGEND[name] : undefined;
}

/** The legend as plain-text lines, `name  meaning`, for command-line help. */
export function legendLines(names: readonly string[] = METHOD_NAMES, indent = '  '): string[] {
  const width = names.reduce((w, n) => Math.max(w, n.length), 0);
  return names.map((n) => `${indent}${n.padEnd(width)}  ${methodMeaning(n) ?? ''}`);
}
