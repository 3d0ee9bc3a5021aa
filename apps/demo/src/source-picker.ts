import type { ExperimentReport, SourcesReport } from '@tlkit/experiment';

/** A source file the page read: its name and its content (CSV text, or the bytes of a Parquet / Arrow file). */
export interface SourceFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

export interface PickedSources {
  /** The first file's content and columns (what the label picker offers). */
  readonly content: string | Uint8Array;
  readonly columns: string[];
  /** The second and later files: several sources. */
  readonly extra: SourceFile[];
}

type Header = { content: string | Uint8Array; columns: string[] } | { error: string };

/** Why several sources cannot run together (a name twice, different columns), naming the file and the column; or undefined. */
export function sourcesProblem(files: readonly { name: string; columns: readonly string[] }[]): string | undefined {
  const names = files.map((f) => f.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) return `${twice} is chosen twice as a source; choose each source once.`;
  const first = files[0];
  for (const f of files.slice(1)) {
    const missing = first.columns.find((c) => !f.columns.includes(c));
    if (missing !== undefined) return `${f.name} has no column "${missing}", which ${first.name} has: every source needs the same columns.`;
    const extra = f.columns.find((c) => !first.columns.includes(c));
    if (extra !== undefined) return `${f.name} has a column "${extra}" that ${first.name} lacks: every source needs the same columns.`;
  }
  return undefined;
}

/** Reads every file picked as a source (one or several) and checks they can run together. */
export async function pickSources(
  list: readonly File[],
  header: (file: File) => Promise<Header>,
): Promise<PickedSources | { error: string }> {
  if (list.length === 0) return { error: 'Choose at least one source file.' };
  const read: { name: string; content: string | Uint8Array; columns: string[] }[] = [];
  for (const file of list) {
    const h = await header(file);
    if ('error' in h) return h;
    read.push({ name: file.name, ...h });
  }
  const problem = sourcesProblem(read);
  if (problem !== undefined) return { error: problem };
  return { content: read[0].content, columns: read[0].columns, extra: read.slice(1).map(({ name, content }) => ({ name, content })) };
}

/** Ticks the multi-source methods when there are several sources, and unticks them for one (where they cannot run). */
export function tickMultiSourceMethods(box: HTMLElement, sourceCount: number): void {
  for (const input of box.querySelectorAll<HTMLInputElement>('input[name=method]')) {
    if (input.value.startsWith('multi:')) input.checked = sourceCount >= 2;
  }
}

/** The ranking of one size as table rows: source, rows, posterior, log evidence ratio, LogME, draws ranked first. */
export function sourceRankingRows(sources: SourcesReport, size: number): string[][] {
  const r = sources.ranking.find((x) => x.size === size);
  if (!r) return [];
  return [
    ...r.sources.map((s) => [
      s.name,
      String(s.rows),
      s.posterior.toFixed(3),
      s.logEvidenceRatio.toFixed(2),
      Number.isFinite(s.logme) ? s.logme.toFixed(3) : '—',
      `${s.rankedFirst}/${r.draws}`,
    ]),
    ['no source', '', r.none.toFixed(3), '0.00', '', ''],
  ];
}

/** What the chosen model leaned on, per size, in words. */
export function relianceSentence(sources: SourcesReport): string {
  const parts = sources.reliance
    .filter((r) => r.chosen)
    .map((r) => {
      const draws = Object.values(r.counts).reduce((a, b) => a + b, 0);
      return `k = ${r.size}: ${r.method} leaned on ${r.leanedOn} (${r.counts[r.leanedOn] ?? 0} of ${draws} draws)`;
    });
  return parts.length > 0 ? `${parts.join('; ')}.` : '';
}

/** The sources section of the results: a ranking table per size and what the chosen model leaned on (hidden for one source). */
export function showSources(box: HTMLElement, report: ExperimentReport): void {
  const sources = report.sources;
  box.hidden = sources === undefined;
  box.replaceChildren();
  if (!sources) return;
  const heading = document.createElement('h3');
  heading.textContent = `${sources.names.length} sources, ranked on the labelled target rows (evidence of parameter transfer; posterior with "no source")`;
  box.append(heading);
  for (const r of sources.ranking) {
    const table = document.createElement('table');
    table.className = 'sources';
    const caption = table.createCaption();
    caption.textContent = `k = ${r.size}`;
    const head = table.createTHead().insertRow();
    for (const h of ['source', 'rows', 'posterior', 'log evidence ratio', 'LogME', 'ranked first']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      head.append(th);
    }
    const body = table.createTBody();
    for (const cells of sourceRankingRows(sources, r.size)) {
      const row = body.insertRow();
      for (const c of cells) row.insertCell().textContent = c;
    }
    box.append(table);
  }
  const p = document.createElement('p');
  p.id = 'leaned-on';
  p.textContent = relianceSentence(sources);
  box.append(p);
}
