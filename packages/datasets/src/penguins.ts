import { PENGUINS_COLUMNS, PENGUINS_ROWS } from './generated/penguins.js';
import { splitDomains } from './domain-split.js';
import type { TaskInfo, TransferTask } from './transfer-task.js';

const FEATURES = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Sex'] as const;

function penguinsInfo(target: 'Gentoo' | 'Chinstrap'): TaskInfo {
  return {
    name: `penguins-adelie-${target.toLowerCase()}`,
    title: `Penguins: body mass, Adélie → ${target}`,
    description:
      'Body mass of Palmer Archipelago penguins from beak length and depth, flipper length and sex. Source: Adélie ' +
      `penguins; target: ${target} penguins. Birds with a missing measurement or sex are left out` +
      (target === 'Gentoo' ? ' (including one recorded with sex ".").' : '.'),
    kind: 'regression',
    label: 'Body Mass (g)',
    features: FEATURES,
    domains: { column: 'Species', source: 'Adelie', target },
    origin: 'vega-datasets data/penguins.json (palmerpenguins, Gorman et al. 2014)',
    licence: 'BSD-3-Clause (vega-datasets); data CC0 (palmerpenguins)',
  };
}

export const penguinsAdelieGentoo: TaskInfo = penguinsInfo('Gentoo');
export const penguinsAdelieChinstrap: TaskInfo = penguinsInfo('Chinstrap');

/** The data package records one bird's sex as "."; it is a missing value. */
function dotIsMissing(record: Record<string, string | number | null>): Record<string, string | number | null> {
  return record.Sex === '.' ? { ...record, Sex: null } : record;
}

export function loadPenguins(info: TaskInfo): TransferTask {
  return { ...info, ...splitDomains(info, PENGUINS_COLUMNS, PENGUINS_ROWS, dotIsMissing) };
}
