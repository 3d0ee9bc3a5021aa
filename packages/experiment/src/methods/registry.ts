import { autoMethod } from './auto-method.js';
import { featureCoral, featureFa, featurePca, featureSa, featureTca } from './feature-methods.js';
import { param, pooled, sourceOnly, targetOnly } from './linear-methods.js';
import type { TransferMethod } from './method.js';
import { dannMethod, deep, deepL2sp, featureEmbed } from './neural-methods.js';

const BUILT_IN: readonly TransferMethod[] = [
  targetOnly,
  sourceOnly,
  pooled,
  param,
  featurePca,
  featureCoral,
  featureSa,
  featureFa,
  featureTca,
  featureEmbed,
  deep,
  deepL2sp,
  dannMethod,
];

/** Every method name, `auto` included. */
export const METHOD_NAMES: readonly string[] = [...BUILT_IN.map((m) => m.name), 'auto'];

/** The default comparison: the fast methods (no network training). */
export const DEFAULT_METHODS: readonly string[] = ['target-only', 'source-only', 'pooled', 'param', 'feature:coral', 'feature:fa', 'auto'];

/** Methods by name; `auto` chooses among the other chosen methods that train no network and are quick to refit. */
export function resolveMethods(names: readonly string[]): TransferMethod[] {
  if (names.length === 0) throw new RangeError('resolveMethods: no methods given');
  const unknown = names.filter((n) => !METHOD_NAMES.includes(n));
  if (unknown.length > 0) throw new RangeError(`unknown method${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; methods are ${METHOD_NAMES.join(', ')}`);
  const chosen = BUILT_IN.filter((m) => names.includes(m.name));
  if (!names.includes('auto')) return chosen;
  const candidates = chosen.filter((m) => !m.neural && !m.slow);
  return [...chosen, autoMethod(candidates.length > 0 ? candidates : [targetOnly, sourceOnly, param])];
}
