export { listTasks, loadTask } from './registry.js';
export { carsUsaJapan, carsUsaEurope, loadCars } from './cars.js';
export { penguinsAdelieGentoo, penguinsAdelieChinstrap, loadPenguins } from './penguins.js';
export { taskToCsv, type TaskInfo, type TransferTask, type TaskKind } from './transfer-task.js';
export { loadMnistDigits, type DigitImages } from './mnist.js';
export { shiftDigits, type DigitShift } from './digit-shifts.js';
export { digitsRotated, digitsLowHigh, loadDigitsTask } from './digits-tasks.js';
export { gapminderAmericaAsia, loadGapminder } from './gapminder.js';
