import { openImagePage, draw, type ImagePage } from './image-browser.js';

// The fast suite's check of the image page (the training run itself is image.slow.test.ts): the page loads without
// errors, drawings drawn with the mouse land in their classes, and training is refused with a plain sentence until
// every class has two examples.
let browser: ImagePage;

beforeAll(async () => {
  browser = await openImagePage();
}, 120000);

afterAll(() => browser.close());

describe('the image page (no training)', () => {
  it('collects drawings per class and says what is missing before it trains', async () => {
    const { page, url } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.check('input[name="class"][value="0"]');
    await draw(page, [
      [
        [140, 50],
        [140, 230],
      ],
    ]);
    await page.click('#add-drawing');
    await page.check('input[name="class"][value="1"]');
    await draw(page, [
      [
        [50, 140],
        [230, 140],
      ],
    ]);
    await page.click('#add-drawing');
    expect(await page.textContent('#gallery')).toMatch(/A \(1\)[\s\S]*B \(1\)/);
    await page.click('#train');
    expect(await page.isHidden('#error')).toBe(false);
    expect(await page.textContent('#error')).toContain('Every class needs at least 2 examples');
    expect(await page.isHidden('#results')).toBe(true);
    expect(await page.$('#chart')).not.toBeNull();
    expect(errors).toEqual([]);
  }, 180000);
});
