import { DomainClassifierWeighting } from './domain-classifier.js';
import type { InstanceWeighting } from './instance-weighting.js';
import { KLIEP } from './kliep.js';
import { KMM } from './kmm.js';
import { RuLSIF, ULSIF } from './lsif.js';

/** Rebuilds any saved weighting from its JSON (the `kind` field says which). */
export function weightingFromJSON(json: unknown): InstanceWeighting {
  const kind = typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  switch (kind) {
    case 'KMM':
      return KMM.fromJSON(json);
    case 'KLIEP':
      return KLIEP.fromJSON(json);
    case 'ULSIF':
      return ULSIF.fromJSON(json);
    case 'RuLSIF':
      return RuLSIF.fromJSON(json);
    case 'DomainClassifierWeighting':
      return DomainClassifierWeighting.fromJSON(json);
    default:
      throw new TypeError(
        `weightingFromJSON: unknown weighting kind ${JSON.stringify(kind)} (expected KMM, KLIEP, ULSIF, RuLSIF or DomainClassifierWeighting)`,
      );
  }
}
