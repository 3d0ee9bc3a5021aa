import type { ExperimentReport } from '@tlkit/experiment';
import type { ColumnSettings } from './column-logic.js';

/** What the page asks the worker to run. */
export type RunRequest = { readonly type: 'run'; readonly data: DataChoice; readonly options: RunOptions } | { readonly type: 'cancel' };

export type DataChoice =
  | { readonly kind: 'builtin'; readonly name: string }
  | {
      readonly kind: 'csv';
      /** CSV text, or the bytes of a Parquet or Arrow IPC file. */
      readonly source: string | Uint8Array;
      readonly target: string | Uint8Array;
      readonly sourceName: string;
      readonly targetName: string;
      readonly label: string;
      readonly task: 'auto' | 'regression' | 'classification';
      /** The column panel's choices: columns ignored, and types forced (numeric, categorical, ISO dates). */
      readonly columns?: ColumnSettings;
      /** The second and later sources, when several files are picked as sources (same columns as the first). */
      readonly extraSources?: readonly { readonly name: string; readonly content: string | Uint8Array }[];
    };

interface RunOptions {
  readonly sizes: number[];
  readonly repeats: number;
  readonly methods: string[];
  readonly perClass: boolean;
  readonly seed: number;
}

/** What the worker reports back. */
export type WorkerMessage =
  | { readonly type: 'backend'; readonly backend: string }
  | {
      readonly type: 'progress';
      readonly done: number;
      readonly total: number;
      readonly label: string;
      readonly partial?: ExperimentReport;
    }
  | {
      readonly type: 'done';
      readonly report: ExperimentReport;
      readonly title: string;
      readonly seconds: number;
      /** The HTML report `tlkit compare --report` writes for the same result. */
      readonly html: string;
    }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'cancelled' };
