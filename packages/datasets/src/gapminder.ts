import { GAPMINDER_COLUMNS, GAPMINDER_ROWS } from './generated/gapminder.js';
import { splitDomains } from './domain-split.js';
import type { TaskInfo, TransferTask } from './transfer-task.js';

/** vega-datasets' gapminder clusters are world regions. */
const REGIONS: Readonly<Record<number, string>> = {
  0: 'South Asia',
  1: 'Europe & Central Asia',
  2: 'Sub-Saharan Africa',
  3: 'America',
  4: 'East Asia & Pacific',
  5: 'Middle East & North Africa',
};

export const gapminderAmericaAsia: TaskInfo = {
  name: 'gapminder-america-asia',
  title: 'Gapminder: life expectancy, America → East Asia & Pacific',
  description:
    'Life expectancy of a country in a year (1955–2005, every 5 years) from its fertility, population and the year. Source: 20 countries of the Americas (220 rows); target: 9 countries of East Asia & the Pacific (99 rows).',
  kind: 'regression',
  label: 'life_expect',
  features: ['year', 'fertility', 'pop'],
  domains: { column: 'region', source: 'America', target: 'East Asia & Pacific' },
  origin: 'vega-datasets data/gapminder.json (Gapminder Foundation)',
  licence: 'BSD-3-Clause (vega-datasets); data CC BY 4.0 (Gapminder)',
};

export function loadGapminder(info: TaskInfo): TransferTask {
  return {
    ...info,
    ...splitDomains(info, GAPMINDER_COLUMNS, GAPMINDER_ROWS, (r) => ({ ...r, region: REGIONS[Number(r.cluster)] ?? null })),
  };
}
