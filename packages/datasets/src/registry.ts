import { carsUsaEurope, carsUsaJapan, loadCars } from './cars.js';
import { gapminderAmericaAsia, loadGapminder } from './gapminder.js';
import { digitsLowHigh, digitsRotated, loadDigitsTask } from './digits-tasks.js';
import { loadPenguins, penguinsAdelieChinstrap, penguinsAdelieGentoo } from './penguins.js';
import type { TaskInfo, TransferTask } from './transfer-task.js';

const TASKS: readonly { info: TaskInfo; load: (info: TaskInfo) => TransferTask }[] = [
  { info: carsUsaJapan, load: loadCars },
  { info: carsUsaEurope, load: loadCars },
  { info: penguinsAdelieGentoo, load: loadPenguins },
  { info: penguinsAdelieChinstrap, load: loadPenguins },
  { info: gapminderAmericaAsia, load: loadGapminder },
  { info: digitsRotated, load: loadDigitsTask },
  { info: digitsLowHigh, load: loadDigitsTask },
];

/** Every built-in task, without loading rows. */
export function listTasks(): TaskInfo[] {
  return TASKS.map((t) => t.info);
}

/** A built-in task by name, with its source and target tables. */
export function loadTask(name: string): TransferTask {
  const entry = TASKS.find((t) => t.info.name === name);
  if (!entry) {
    throw new RangeError(`loadTask: unknown task "${name}"; built-in tasks are ${TASKS.map((t) => t.info.name).join(', ')}`);
  }
  return entry.load(entry.info);
}
