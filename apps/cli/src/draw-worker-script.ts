let script: URL | undefined;

/**
 * Where the compiled draw worker (draw-worker.js) lives, set by the CLI's entry point (main.ts), beside which it is
 * built. Without it (the CLI run in-process from its sources, as the tests do) compare runs its draws in this thread.
 */
export function setDrawWorkerScript(url: URL | undefined): void {
  script = url;
}

export function drawWorkerScript(): URL | undefined {
  return script;
}
