import { autoMethod } from './auto-method.js';
import { featureCoral, featureFa, featurePca, featureSa, featureTca } from './feature-methods.js';
import { instanceIw, instanceKliep, instanceKmm, instanceTradaboost, instanceUlsif } from './instance-methods.js';
import { param, pooled, sourceOnly, targetOnly } from './linear-methods.js';
import { METHOD_NAMES } from '../method-names.js';
import type { TransferMethod } from './method.js';
import { deep, deepL2sp, featureEmbed } from './neural-methods.js';
import { dannMethod, deepCoral, deepMmd } from './adaptation-methods.js';
import { multiParam, multiPooled } from './multi-source-methods.js';

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
  instanceIw,
  instanceKmm,
  instanceKliep,
  instanceUlsif,
  instanceTradaboost,
  featureEmbed,
  deep,
  deepL2sp,
  dannMethod,
  deepCoral,
  deepMmd,
  multiParam,
  multiPooled,
];

if ([...BUILT_IN.map((m) => m.name), 'auto'].join() !== METHOD_NAMES.join()) {
  throw new Error('@tlkit/experiment: the method registry and METHOD_NAMES (method-names.ts) list different methods');
}

/**
 * The methods `auto` considers unless told otherwise: every one that trains no network and is quick to fit. At size 0
 * it adds instance:ulsif, the density-ratio weighting, where no labelled row can correct the source; at other sizes
 * uLSIF joins wherever its weights are fitted once for all draws (every target row in play). The multi-source
 * methods are among them: on data with one source they are unavailable, and auto leaves them out.
 */
export const QUICK_METHODS: readonly TransferMethod[] = BUILT_IN.filter((m) => !m.neural && !m.slow);

const AUTO_PREFIX = 'auto:';

function unknownMethods(names: readonly string[]): RangeError {
  return new RangeError(
    `unknown method${names.length > 1 ? 's' : ''} ${names.map((u) => `"${u}"`).join(', ')}; methods are ${METHOD_NAMES.join(', ')} (auto:a+b+c restricts auto's candidates)`,
  );
}

/** `auto` over every quick method, or `auto:a+b+c` (also `auto:a,b,c`) over the named ones. */
function resolveAuto(name: string): TransferMethod {
  if (name === 'auto') {
    return autoMethod(QUICK_METHODS, 'auto', BUILT_IN, [...QUICK_METHODS, instanceUlsif], [instanceUlsif]);
  }
  const names = name
    .slice(AUTO_PREFIX.length)
    .split(/[+,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length === 0) throw new RangeError(`${name}: name at least one candidate after "auto:"`);
  const unknown = names.filter((n) => !BUILT_IN.some((m) => m.name === n));
  if (unknown.length > 0) throw unknownMethods(unknown);
  const neural = names.filter((n) => BUILT_IN.some((m) => m.name === n && m.neural));
  if (neural.length > 0) {
    throw new RangeError(
      `${name}: auto chooses among ridge-headed methods only; ${neural.join(', ')} train${neural.length > 1 ? '' : 's'} a network`,
    );
  }
  return autoMethod(
    BUILT_IN.filter((m) => names.includes(m.name)),
    name,
    BUILT_IN,
  );
}

/** One method by name (`auto`, `auto:a+b` included): the registry that compare, transfer and the demo share. */
export function methodByName(name: string): TransferMethod {
  if (name === 'auto' || name.startsWith(AUTO_PREFIX)) return resolveAuto(name);
  const method = BUILT_IN.find((m) => m.name === name);
  if (!method) throw unknownMethods([name]);
  return method;
}

/** Methods by name, in the registry's order with `auto` (or `auto:…`) last. */
export function resolveMethods(names: readonly string[]): TransferMethod[] {
  if (names.length === 0) throw new RangeError(`no methods given; methods are ${METHOD_NAMES.join(', ')}`);
  const unknown = names.filter((n) => n !== 'auto' && !n.startsWith(AUTO_PREFIX) && !METHOD_NAMES.includes(n));
  if (unknown.length > 0) throw unknownMethods(unknown);
  const autos = [...new Set(names.filter((n) => n === 'auto' || n.startsWith(AUTO_PREFIX)))];
  return [...BUILT_IN.filter((m) => names.includes(m.name)), ...autos.map(resolveAuto)];
}
