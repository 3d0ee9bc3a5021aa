import { CARS_COLUMNS, CARS_ROWS } from './generated/cars.js';
import { splitDomains } from './domain-split.js';
import type { TaskInfo, TransferTask } from './transfer-task.js';

const FEATURES = ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Year'] as const;

function carsInfo(target: 'Japan' | 'Europe'): TaskInfo {
  return {
    name: `cars-usa-${target.toLowerCase()}`,
    title: `Cars: fuel economy, USA → ${target}`,
    description:
      `Miles per gallon of 1970–1982 cars from six engine and body measurements. Source: the 245 American cars; ` +
      `target: the ${target === 'Japan' ? 79 : 68} ${target === 'Japan' ? 'Japanese' : 'European'} ones. ` +
      'Cars with a missing value are left out (14 of 406).',
    kind: 'regression',
    label: 'Miles_per_Gallon',
    features: FEATURES,
    domains: { column: 'Origin', source: 'USA', target },
    origin: 'vega-datasets data/cars.json (StatLib auto-mpg)',
    licence: 'BSD-3-Clause (vega-datasets)',
  };
}

/** The model year as a number (the data package stores it as a date). */
function yearAsNumber(record: Record<string, string | number | null>): Record<string, string | number | null> {
  const year = record.Year;
  return { ...record, Year: typeof year === 'string' ? Number(year.slice(0, 4)) : year };
}

export const carsUsaJapan: TaskInfo = carsInfo('Japan');
export const carsUsaEurope: TaskInfo = carsInfo('Europe');

export function loadCars(info: TaskInfo): TransferTask {
  return { ...info, ...splitDomains(info, CARS_COLUMNS, CARS_ROWS, yearAsNumber) };
}
