import type { Network, NetworkInput, TrainData } from '@tlkit/nn';
import { adaptDomains, type AdaptationProgress, type AdaptationResult, type DomainAdaptationOptions } from './domain-adaptation.js';

export type DannOptions = Omit<DomainAdaptationOptions, 'alignment'>;
export type DannProgress = AdaptationProgress;
export type DannResult = AdaptationResult;

/**
 * Domain-adversarial training (DANN; Ganin & Lempitsky 2015, Ganin et al. 2016): `adaptDomains` with a domain
 * classifier reading the features through a gradient reversal layer.
 */
export function dann(network: Network, source: TrainData, targetUnlabeled: NetworkInput, options: DannOptions = {}): Promise<DannResult> {
  return adaptDomains(network, source, targetUnlabeled, { ...options, alignment: 'dann' });
}
