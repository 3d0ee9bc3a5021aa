import { join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { listTasks, loadTask, taskToCsv } from '@tlkit/datasets';
import { writeFileAtomic } from '../files.js';
import { UsageError } from '../errors.js';

export function datasetsCommand(flags: { export?: string; name?: string }): void {
  if (flags.export !== undefined) {
    const name = flags.name;
    const names = listTasks().map((t) => t.name);
    if (name !== undefined && !names.includes(name))
      throw new UsageError(`--name: unknown task "${name}"; built-in tasks are ${names.join(', ')}`);
    const tasks = name ? [loadTask(name)] : names.map((n) => loadTask(n));
    if (!existsSync(flags.export)) mkdirSync(flags.export, { recursive: true });
    for (const task of tasks) {
      const csv = taskToCsv(task);
      writeFileAtomic(join(flags.export, `${task.name}.source.csv`), csv.source);
      writeFileAtomic(join(flags.export, `${task.name}.target.csv`), csv.target);
      process.stdout.write(`${join(flags.export, task.name)}.{source,target}.csv  (label: ${task.label})\n`);
    }
    return;
  }
  for (const t of listTasks()) {
    process.stdout.write(
      `${t.name.padEnd(28)}${t.kind.padEnd(16)}${t.title}\n${' '.repeat(28)}${t.description}\n${' '.repeat(28)}label ${t.label}; ${t.origin}; ${t.licence}\n\n`,
    );
  }
}
