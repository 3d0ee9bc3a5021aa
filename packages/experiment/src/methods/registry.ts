import { autoMethod } from './auto-method.js';
import { featureCoral, featureFa, featurePca, featureSa, featureTca } from './feature-methods.js';
import { param, pooled, sourceOnly, targetOnly } from './linear-methods.js';
import { METHOD_NAMES } from '../method-names.js';
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

if ([...BUILT_IN.map((m) => m.name), 'auto'].join() !== METHOD_NAMES.join()) {
  throw new Error('@tlkit/experiment: the method registry and METHOD_NAMES (method-names.ts) list different methods');
}

/** Methods by name; `auto` chooses among the other chosen methods that train no network and are quick to refit. */
export function resolveMethods(names: readonly string[]): TransferMethod[] {
  if (names.length === 0) throw new RangeError('resolveMethods: no methods given');
  const unknown = names.filter((n) => !METHOD_NAMES.includes(n));
  if (unknown.length > 0)
    throw new RangeError(
      `unknown method${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; methods are ${METHOD_NAMES.join(', ')}`,
    );
  const chosen = BUILT_IN.filter((m) => names.includes(m.name));
  if (!names.includes('auto')) return chosen;
  const candidates = chosen.filter((m) => !m.neural && !m.slow);
  return [...chosen, autoMethod(candidates.length > 0 ? candidates : [targetOnly, sourceOnly, param])];
}
