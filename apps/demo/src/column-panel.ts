import {
  AUTO,
  columnSettings,
  extraTargetColumns,
  flaggedColumns,
  panelRows,
  typeChoices,
  type ColumnChoice,
  type ColumnSettings,
  type PanelColumn,
  type PanelRow,
  type TypeChoice,
} from './column-logic.js';
import type { DescribeReply, DescribeRequest } from './column-worker.js';

/** A file the user chose: its name and its content (CSV text, or Parquet / Arrow bytes). */
export interface NamedContent {
  readonly name: string;
  readonly content: string | Uint8Array;
}

interface Described {
  readonly name: string;
  readonly rows: number;
  readonly columns: PanelColumn[];
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className !== undefined) e.className = className;
  return e;
}

/**
 * The column panel: each source column with the type the library infers, its distinct values in source and target,
 * and the user's choices — the label (kept in step with the label picker), ignore, a forced type (numeric,
 * categorical, ISO dates as days). A column the run would refuse is flagged; the run's own message says why.
 */
export class ColumnPanel {
  private readonly worker = new Worker(new URL('./column-worker.ts', import.meta.url), { type: 'module' });
  private readonly choices = new Map<string, ColumnChoice>();
  private dropMissing = false;
  private nextId = 0;
  private readonly pending = new Map<number, (reply: DescribeReply) => void>();
  private shown: { source: Described; target: Described } | undefined;
  private generation = 0;

  constructor(
    private readonly box: HTMLElement,
    private readonly labelSelect: HTMLSelectElement,
  ) {
    this.worker.addEventListener('message', (event: MessageEvent<DescribeReply>) => {
      const resolve = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      resolve?.(event.data);
    });
    labelSelect.addEventListener('change', () => this.render());
    box.hidden = true;
  }

  /** Reads both files' columns (in a worker) and shows them; an earlier call still under way is superseded. */
  async describe(source: NamedContent, target: NamedContent): Promise<void> {
    const generation = ++this.generation;
    this.shown = undefined;
    this.box.hidden = false;
    this.box.replaceChildren(element('p', `Reading the columns of ${source.name} and ${target.name}…`, 'muted'));
    this.box.removeAttribute('data-ready');
    const [s, t] = await Promise.all([this.ask(source), this.ask(target)]);
    if (generation !== this.generation) return;
    if ('error' in s || 'error' in t) {
      this.box.replaceChildren(element('p', 'error' in s ? s.error : 'error' in t ? t.error : '', 'error'));
      return;
    }
    this.shown = { source: { name: source.name, ...s }, target: { name: target.name, ...t } };
    this.render();
  }

  /** Hides the panel (a file could not be read, or the data is a built-in task). */
  clear(): void {
    this.generation++;
    this.shown = undefined;
    this.box.hidden = true;
    this.box.replaceChildren();
  }

  /** The choices as a run takes them (columns ignored, forced numeric, categorical, dates). */
  settings(): ColumnSettings {
    return columnSettings(this.choices, this.labelSelect.value || undefined, this.dropMissing);
  }

  private ask(file: NamedContent): Promise<DescribeReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, name: file.name, content: file.content } satisfies DescribeRequest);
    });
  }

  private choose(name: string, change: Partial<ColumnChoice>): void {
    this.choices.set(name, { ...(this.choices.get(name) ?? AUTO), ...change });
    this.render();
  }

  private render(): void {
    if (!this.shown) return;
    const { source, target } = this.shown;
    const label = this.labelSelect.value || undefined;
    const labels = new Set([...this.labelSelect.options].map((o) => o.value));
    const rows = panelRows(source.columns, target.columns, this.choices, label, { dropMissing: this.dropMissing });
    const table = element('table', undefined, 'column-table');
    const head = element('tr');
    for (const h of ['column', 'label', 'ignore', 'type', 'inferred', 'distinct (source / target)', 'missing', 'read as'])
      head.append(Object.assign(element('th', h), { scope: 'col' }));
    const thead = element('thead');
    const tbody = element('tbody');
    thead.append(head);
    table.append(thead, tbody);
    for (const [i, row] of rows.entries()) tbody.append(this.rowElement(row, source.columns[i], label, labels.has(row.name)));
    const caption = element('p', `Columns of ${source.name} (${source.rows} rows) and ${target.name} (${target.rows} rows)`, 'muted');
    const scroll = element('div', undefined, 'scroll');
    scroll.append(table);
    const drop = Object.assign(element('input'), { type: 'checkbox', id: 'drop-missing', checked: this.dropMissing });
    drop.addEventListener('change', () => {
      this.dropMissing = drop.checked;
      this.render();
    });
    const dropLabel = element('label');
    dropLabel.append(drop, ' leave out rows with a missing value (instead of stopping at the first)');
    const parts: HTMLElement[] = [caption, scroll, dropLabel];
    const extra = extraTargetColumns(source.columns, target.columns, target.name);
    if (extra !== undefined) parts.push(element('p', `${extra} (both files need the same columns)`, 'flag'));
    const flagged = flaggedColumns(rows, label);
    if (flagged.length > 0) {
      const button = element('button', `Ignore flagged columns (${flagged.join(', ')})`);
      button.type = 'button';
      button.id = 'ignore-flagged';
      button.addEventListener('click', () => {
        for (const name of flagged) this.choices.set(name, { ...(this.choices.get(name) ?? AUTO), ignore: true });
        this.render();
      });
      parts.push(button);
    }
    this.box.replaceChildren(...parts);
    this.box.dataset.ready = 'true';
  }

  private rowElement(row: PanelRow, report: PanelColumn, label: string | undefined, canLabel: boolean): HTMLTableRowElement {
    const tr = element('tr', undefined, row.refused ? 'refused' : undefined);
    tr.dataset.column = row.name;
    const isLabel = row.name === label;
    const choice = this.choices.get(row.name) ?? AUTO;

    const radio = Object.assign(element('input'), { type: 'radio', name: 'label-column', checked: isLabel, disabled: !canLabel });
    radio.setAttribute('aria-label', `use ${row.name} as the label`);
    radio.addEventListener('change', () => {
      this.labelSelect.value = row.name;
      this.labelSelect.dispatchEvent(new Event('change'));
    });

    const ignore = Object.assign(element('input'), { type: 'checkbox', checked: choice.ignore && !isLabel, disabled: isLabel });
    ignore.className = 'ignore';
    ignore.setAttribute('aria-label', `ignore ${row.name}`);
    ignore.addEventListener('change', () => this.choose(row.name, { ignore: ignore.checked }));

    const type = element('select');
    type.setAttribute('aria-label', `type of ${row.name}`);
    for (const t of typeChoices(report)) type.append(new Option(t === 'auto' ? `auto (${row.inferred})` : t, t));
    type.value = choice.type;
    type.disabled = isLabel || choice.ignore;
    type.addEventListener('change', () => this.choose(row.name, { type: type.value as TypeChoice }));

    const cells: (string | HTMLElement)[] = [
      row.name,
      radio,
      ignore,
      type,
      row.inferred,
      row.distinct,
      row.missing,
      `${row.refused ? '⚠ ' : ''}${row.readAs}`,
    ];
    for (const [j, c] of cells.entries()) {
      const td = element(j === 0 ? 'th' : 'td');
      if (j === 0) td.setAttribute('scope', 'row');
      if (j === cells.length - 1) td.className = row.refused ? 'flag' : 'muted';
      td.append(c);
      tr.append(td);
    }
    return tr;
  }
}
