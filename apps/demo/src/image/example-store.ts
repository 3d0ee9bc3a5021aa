import type { LabelledImage, RgbaImage } from './image-protocol.js';

const MAX_CLASSES = 10;

/** The user's classes and examples (pure state, no DOM: unit-tested). */
export class ExampleStore {
  private names: string[];
  private examples: LabelledImage[] = [];
  selected = 0;

  constructor(names: readonly string[]) {
    this.names = [...names];
  }

  get classes(): readonly string[] {
    return this.names;
  }

  addClass(): void {
    if (this.names.length >= MAX_CLASSES) return;
    let i = this.names.length + 1;
    while (this.names.includes(`class ${i}`)) i++;
    this.names.push(`class ${i}`);
  }

  removeClass(): void {
    if (this.names.length <= 2) return;
    const gone = this.names.pop();
    this.examples = this.examples.filter((e) => e.label !== gone);
    this.selected = Math.min(this.selected, this.names.length - 1);
  }

  /** Renames a class and its examples; the reason it cannot, or undefined. */
  rename(index: number, name: string): string | undefined {
    const clean = name.trim();
    if (clean === '') return 'A class needs a name.';
    if (this.names.some((n, i) => n === clean && i !== index)) return `There is already a class "${clean}".`;
    const old = this.names[index];
    this.names[index] = clean;
    this.examples = this.examples.map((e) => (e.label === old ? { ...e, label: clean } : e));
    return undefined;
  }

  add(image: RgbaImage, kind: LabelledImage['kind']): void {
    this.examples.push({ label: this.names[this.selected], image, kind });
  }

  examplesOf(name: string): LabelledImage[] {
    return this.examples.filter((e) => e.label === name);
  }

  all(): LabelledImage[] {
    return this.examples.filter((e) => this.names.includes(e.label));
  }

  /** Why training cannot start yet, or undefined. */
  problem(): string | undefined {
    const used = this.names.filter((n) => this.examplesOf(n).length > 0);
    if (used.length < 2) return 'Add examples to at least 2 classes.';
    const short = used.filter((n) => this.examplesOf(n).length < 2);
    if (short.length > 0) return `Every class needs at least 2 examples (one to learn from, one to test on): ${short.join(', ')}.`;
    return undefined;
  }
}
