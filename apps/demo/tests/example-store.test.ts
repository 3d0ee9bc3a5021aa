import { ExampleStore } from '../src/image/example-store.js';

describe('ExampleStore', () => {
  const image = { width: 1, height: 1, data: new Uint8ClampedArray(4) };
  it('keeps 2 to 10 classes, renames with their examples, and says what is missing', () => {
    const store = new ExampleStore(['A', 'B']);
    store.removeClass();
    expect(store.classes).toEqual(['A', 'B']);
    for (let i = 0; i < 12; i++) store.addClass();
    expect(store.classes).toHaveLength(10);
    store.add(image, 'drawing');
    expect(store.problem()).toBe('Add examples to at least 2 classes.');
    store.selected = 1;
    store.add(image, 'file');
    expect(store.problem()).toBe('Every class needs at least 2 examples (one to learn from, one to test on): A, B.');
    store.add(image, 'camera');
    store.selected = 0;
    store.add(image, 'drawing');
    expect(store.problem()).toBeUndefined();
    expect(store.rename(0, 'B')).toBe('There is already a class "B".');
    expect(store.rename(0, ' circle ')).toBeUndefined();
    expect(store.examplesOf('circle')).toHaveLength(2);
    expect(store.all().map((e) => e.label)).toEqual(['circle', 'B', 'B', 'circle']);
  });
});
