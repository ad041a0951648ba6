/**
 * The survey editor in real Chromium, on its test page (test/pages/builder, the shipped
 * stakeholder survey): a question dragged with the mouse, moved with the keyboard and heard in
 * the live region; a label typed shows in the preview; on a phone the preview is a tab; a
 * problem's path scrolls to its field. On a 200-question survey (`?survey=big`) the rows far from
 * the screen are stand-ins, which a path, the focus and keyboard moves still reach.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPage, serveFolder } from '../pages/build-page.js';
import { launchChromium, STATE_TIMEOUT } from './browser.js';

let browser: Browser;
let site: { url: string; close(): Promise<void> };
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'siang-editor-page-'));
  await buildPage('builder', out);
  site = await serveFolder(out);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  rmSync(out, { recursive: true, force: true });
});

async function open(width: number, height: number, lang: 'th' | 'en' = 'th'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height }, locale: lang === 'th' ? 'th-TH' : 'en-US' });
  page.setDefaultTimeout(STATE_TIMEOUT);
  await page.goto(`${site.url}/?lang=${lang}`);
  await page.getByRole('region', { name: lang === 'th' ? 'ส่วนที่ 1' : 'Section 1' }).waitFor();
  return page;
}

/** The ids of section 1's questions, in the order shown. */
const order = (page: Page) =>
  page
    .getByRole('region', { name: 'ส่วนที่ 1' })
    .getByRole('article')
    .evaluateAll((rows) => rows.map((r) => /\(([^)]+)\)$/.exec(r.getAttribute('aria-label') ?? '')?.[1]));

describe('survey editor in Chromium', () => {
  it('a question is dragged with the mouse, moved with the keyboard, and each move is announced', async () => {
    const page = await open(1366, 900);
    expect(await order(page)).toEqual(['group', 'gender', 'age', 'school', 'contact_channels']);
    // A person presses the handle, moves the pointer onto the question above, and lets go.
    const handle = page.getByRole('button', { name: 'ลากเพื่อย้าย: ข้อ 3 (age)' });
    await handle.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const from = await handle.boundingBox();
    const onto = await page.getByRole('article', { name: 'ข้อ 2 (gender)' }).boundingBox();
    if (!from || !onto) throw new Error('the handle or the row is not on screen');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 20, from.y + 20, { steps: 4 });
    await page.mouse.move(onto.x + 200, onto.y + onto.height - 20, { steps: 10 });
    await page.mouse.up();
    await expect.poll(() => order(page)).toEqual(['group', 'age', 'gender', 'school', 'contact_channels']);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('ลำดับที่ 2 จาก 5');

    await page.getByRole('button', { name: 'เลื่อนลง: ข้อ 2 (age)' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => order(page)).toEqual(['group', 'gender', 'age', 'school', 'contact_channels']);
    // Focus stayed on the moved question's button, so the next key moves it again.
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => order(page)).toEqual(['group', 'gender', 'school', 'age', 'contact_channels']);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('ลำดับที่ 4 จาก 5');
    await page.keyboard.press('Control+z');
    await expect.poll(() => order(page)).toEqual(['group', 'gender', 'age', 'school', 'contact_channels']);
    await page.close();
  });

  it('a label typed in the editor shows in the preview beside it', async () => {
    const page = await open(1366, 900);
    const label = page.getByRole('article', { name: 'ข้อ 3 (age)' }).getByRole('textbox', { name: 'ข้อคำถาม ไทย' });
    await label.fill('อายุของท่าน (ปี)');
    await expect
      .poll(() => page.getByRole('complementary', { name: 'ตัวอย่างบนโทรศัพท์' }).textContent())
      .toContain('อายุของท่าน (ปี)');
    await page.close();
  });

  it('each question of the preview is laid out and painted on its own, and still shows what is typed', async () => {
    const page = await open(1366, 900);
    const phone = page.getByTestId('survey-preview');
    // Every block of the section screen is contained (a keystroke lays out and repaints its own
    // question, not the whole screen) and skipped while scrolled out of the phone.
    await expect
      .poll(() =>
        phone.evaluate((el) =>
          [...el.querySelectorAll('form > *')].map((q) => getComputedStyle(q).contentVisibility).join(' '),
        ),
      )
      .toMatch(/^auto( auto)+$/);
    const label = page
      .getByRole('article', { name: 'ข้อ 5 (contact_channels)' })
      .getByRole('textbox', { name: 'ข้อคำถาม ไทย' });
    await label.fill('ช่องทางที่ท่านติดต่อโรงเรียน');
    const shown = phone.locator('form > *', { hasText: 'ช่องทางที่ท่านติดต่อโรงเรียน' });
    await shown.scrollIntoViewIfNeeded();
    // biome-ignore lint/performance/useDomNodeTextContent: the text as drawn, not only as held by the DOM.
    await expect.poll(() => shown.evaluate((el) => (el as HTMLElement).innerText)).toContain('ช่องทางที่ท่านติดต่อโรงเรียน');
    expect((await shown.boundingBox())?.height).toBeGreaterThan(20);
    await page.close();
  });

  it('on a phone the preview is a tab, and a problem’s path scrolls to its field', async () => {
    const page = await open(360, 740, 'en');
    const preview = page.getByRole('complementary', { name: 'Phone preview' });
    expect(await preview.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Preview' }).click();
    await preview.waitFor();
    await page.evaluate(() =>
      (window as unknown as { __goTo(path: string): void }).__goTo('sections[2].questions[1].label.en'),
    );
    const field = page.locator('[data-path="sections[2].questions[1].label.en"]');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => field.isVisible()).toBe(true);
    const box = await field.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 740).toBe(true);
    await page.close();
  });

  it('in the compact view a question shows its details only while focus is in it, and a path still reaches them', async () => {
    const page = await open(1366, 900);
    await page.getByRole('button', { name: 'มุมมองย่อ' }).click();
    const gender = page.getByRole('article', { name: 'ข้อ 2 (gender)' });
    const firstOption = gender.getByRole('textbox', { name: 'ตัวเลือกที่ 1 ไทย' });
    await expect.poll(() => firstOption.isVisible()).toBe(false);
    await gender.getByRole('textbox', { name: 'ข้อคำถาม ไทย' }).focus();
    await expect.poll(() => firstOption.isVisible()).toBe(true);
    await page.getByRole('article', { name: 'ข้อ 1 (group)' }).getByRole('textbox', { name: 'ข้อคำถาม ไทย' }).focus();
    await expect.poll(() => firstOption.isVisible()).toBe(false);
    await page.evaluate(() =>
      (window as unknown as { __goTo(path: string): void }).__goTo('sections[0].questions[1].options[2].label.en'),
    );
    const target = page.locator('[data-path="sections[0].questions[1].options[2].label.en"]');
    await expect.poll(() => target.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => target.isVisible()).toBe(true);
    await page.close();
  });

  it('on a long survey rows far from the screen are stand-ins, yet a problem’s path, focus and keyboard moves reach them', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'th-TH' });
    page.setDefaultTimeout(STATE_TIMEOUT);
    await page.goto(`${site.url}/?survey=big&n=200`);
    const rows = page.locator('article.builder-question');
    const whole = page.locator('article.builder-question:not(.builder-standin)');
    const isStandIn = (path: string) =>
      page.locator(`[data-path="${path}"]`).evaluate((el) => el.classList.contains('builder-standin'));
    const focusedRow = () =>
      page.evaluate(() => document.activeElement?.closest('article.builder-question')?.getAttribute('data-path'));
    await expect.poll(() => rows.count()).toBe(200);
    // Only the rows near the screen hold their fields; the others are stand-ins with their label.
    await page.locator('[data-path="sections[0].questions[0]"]').scrollIntoViewIfNeeded();
    await expect.poll(() => isStandIn('sections[0].questions[0]')).toBe(false);
    expect(await whole.count()).toBeLessThan(20);
    expect(await isStandIn('sections[7].questions[9]')).toBe(true);
    const standIn = page.locator('[data-path="sections[7].questions[9]"]');
    expect(await standIn.getAttribute('aria-label')).toMatch(/^ข้อ 10 \(/);
    const text = (await standIn.textContent()) ?? '';

    // A problem's path (the `focus` prop) reaches a field of a stand-in: its row is mounted first.
    await page.evaluate(() =>
      (window as unknown as { __goTo(path: string): void }).__goTo('sections[7].questions[9].hint.en'),
    );
    const hint = page.locator('[data-path="sections[7].questions[9].hint.en"]');
    await expect.poll(() => hint.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await hint.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 900).toBe(true);
    expect(text).toContain(await page.locator('[data-path="sections[7].questions[9].label.th"]').inputValue());

    // The row holding the focus stays whole while the page scrolls far from it; rows there mount.
    await page.locator('[data-path="sections[0].questions[1]"]').evaluate((el) => el.scrollIntoView());
    await expect.poll(() => isStandIn('sections[0].questions[1]')).toBe(false);
    expect(await isStandIn('sections[7].questions[9]')).toBe(false);
    expect(await hint.evaluate((el) => el === document.activeElement)).toBe(true);

    // Moving a question to a far section (all stand-ins there) keeps it whole and focused, and the
    // keyboard moves it on across the section boundary.
    const id = (await page.locator('[data-path="sections[7].questions[9]"]').getAttribute('aria-label'))?.match(
      /\(([^)]+)\)$/,
    )?.[1];
    await page
      .locator('[data-path="sections[7].questions[9]"]')
      .getByRole('combobox', { name: /^ย้ายไปส่วน/ })
      .selectOption('2');
    await expect.poll(focusedRow).toBe('sections[2].questions[20]');
    expect(await page.locator('[data-path="sections[2].questions[20]"]').getAttribute('aria-label')).toContain(
      `(${id})`,
    );
    expect(await isStandIn('sections[2].questions[20]')).toBe(false);
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(focusedRow).toBe('sections[3].questions[0]');
    expect(await page.locator('[data-path="sections[3].questions[0]"]').getAttribute('aria-label')).toContain(
      `(${id})`,
    );
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('ลำดับที่ 1 จาก 21');
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(focusedRow).toBe('sections[2].questions[20]');
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(focusedRow).toBe('sections[2].questions[19]');
    expect(await page.locator('[data-path="sections[2].questions[19]"]').getAttribute('aria-label')).toContain(
      `(${id})`,
    );
    // The rows around it on screen hold their fields: no blank place where the page scrolled.
    await expect.poll(() => isStandIn('sections[2].questions[18]')).toBe(false);
    await page.close();
  });

  it('passes axe-core’s WCAG 2.1 A and AA rules on a laptop in Thai and on a phone in English', async () => {
    const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    for (const [width, height, lang] of [
      [1366, 900, 'th'],
      [360, 740, 'en'],
    ] as const) {
      const page = await open(width, height, lang);
      await page.addScriptTag({ path: axe });
      const result = await page.evaluate(() =>
        (window as unknown as { axe: { run(c: Document, o: object): Promise<AxeResults> } }).axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          resultTypes: ['violations'],
        }),
      );
      expect(result.violations.map((v) => `${lang} ${width}: ${v.id} ${v.help}`)).toEqual([]);
      await page.close();
    }
  });
});
