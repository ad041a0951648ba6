/**
 * Editing a 200-question survey stays fluid: the time from a keystroke in a question's label to
 * the frame whose phone preview (the respondent's own section screen, SurveyPreview) shows the
 * text typed, with the CPU slowed 4×. Runs the survey editor on a
 * test page (test/pages/builder, built by vite in production mode) over the shipped stakeholder
 * survey grown to 200 questions, with a parent that validates the draft after a 400 ms pause (as
 * the admin screen does). Run with `npm run bench -- builder`.
 *
 * Reports only; budgets are compared and printed, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { launchChromium } from '../e2e/browser.js';
import { buildPage, serveFolder } from '../pages/build-page.js';
import { type BenchResult, budget, budgetTable, fmt, median, percentile, table } from './lib.js';

const QUESTIONS = 200;
const CPU_SLOWDOWN = 4;
const KEYSTROKES = 80;
const WARMUP = 5;
const BUDGET_P95_MS = 50;
/** The field typed into: question 150 of 200 (section 8, its 10th question), Thai label. */
const FIELD = 'sections[7].questions[9].label.th';

declare global {
  interface Window {
    __keys: number[];
  }
}

/**
 * Times each keystroke in the page: from the keydown event's timestamp to the end of the first
 * frame whose phone preview shows the field's new text (a message posted from that frame's animation
 * callback runs once the frame has been rendered).
 */
function probe(field: string): void {
  window.__keys = [];
  let started: number | undefined;
  const input = document.querySelector<HTMLTextAreaElement>(`[data-path="${field}"]`);
  // The phone itself (the respondent's section screen), not the picker or titles around it.
  const preview = document.querySelector('[data-testid="survey-preview"]');
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (started !== undefined) window.__keys.push(performance.now() - started);
    started = undefined;
  };
  document.addEventListener('keydown', (e) => {
    started = e.timeStamp;
    const want = () => input?.value ?? '';
    const frame = () => {
      if (preview?.textContent?.includes(want())) channel.port2.postMessage(0);
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/** Chromium's main-thread counters of the page (seconds), by name. */
async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** Runs the suite. */
export async function run(): Promise<BenchResult> {
  const out = mkdtempSync(join(tmpdir(), 'siang-bench-builder-'));
  console.log('building the editor test page (vite)…');
  await buildPage('builder', out);
  const server = await serveFolder(out);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'th-TH' });
    await page.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });

    console.log(`opening the editor on ${QUESTIONS} questions (CPU ${CPU_SLOWDOWN}× slower)`);
    const opened = performance.now();
    await page.goto(`${server.url}/?survey=big&n=${QUESTIONS}`);
    await page.waitForFunction((n) => document.querySelectorAll('article.builder-question').length === n, QUESTIONS, {
      timeout: 180_000,
    });
    const openMs = await page.evaluate(() => performance.now());
    const openWallMs = performance.now() - opened;

    // On a long survey the rows far from the screen are stand-ins (row-window.ts): scroll to the
    // question as a person would, then its fields are there.
    await page.locator(`[data-path="${FIELD.replace(/\.label\.th$/, '')}"]`).scrollIntoViewIfNeeded();
    const field = page.locator(`[data-path="${FIELD}"]`);
    await field.focus();
    const label = await field.inputValue();
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="survey-preview"]')?.textContent?.includes(text),
      label,
    );
    await page.evaluate(probe, FIELD);
    await page.evaluate(() => {
      const el = document.activeElement as HTMLTextAreaElement;
      el.setSelectionRange(el.value.length, el.value.length);
    });

    await cdp.send('Performance.enable');
    const before = await metrics(cdp);
    console.log(`typing ${KEYSTROKES} keys`);
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (let i = 0; i < KEYSTROKES; i++) {
      await page.keyboard.press(letters[i % letters.length] ?? 'a');
      await page.waitForFunction((n) => window.__keys.length >= n, i + 1, { timeout: 60_000 });
    }
    const after = await metrics(cdp);
    const perKey = (name: string) => (((after[name] ?? 0) - (before[name] ?? 0)) * 1000) / KEYSTROKES;
    const samples = (await page.evaluate(() => window.__keys)).slice(WARMUP);
    const validations = await page.evaluate(() =>
      performance.getEntriesByName('siang:validate').map((e) => e.duration),
    );
    const rows = await page.evaluate(() => document.querySelectorAll('article.builder-question').length);
    const whole = await page.evaluate(
      () => document.querySelectorAll('article.builder-question:not(.builder-standin)').length,
    );
    const fields = await page.evaluate(() => document.querySelectorAll('input, textarea, select').length);

    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    const max = Math.max(...samples);
    const budgets = [
      budget(
        `Keystroke → preview updated, p95 (${QUESTIONS} questions, CPU ${CPU_SLOWDOWN}×)`,
        Number(p95.toFixed(1)),
        BUDGET_P95_MS,
        'ms',
        "preview: the respondent's section screen",
      ),
    ];
    const md = [
      '### Budgets',
      '',
      budgetTable(budgets),
      '',
      '### Editing a 200-question survey',
      '',
      `The survey editor (\`src/app/admin/surveys/editor\`) on a test page (\`test/pages/builder\`, built by`,
      `vite in production mode) holding the shipped stakeholder survey grown to ${rows} questions in sections of 20,`,
      `at 1366×900 with the CPU slowed ${CPU_SLOWDOWN}× (\`Emulation.setCPUThrottlingRate\`). ${KEYSTROKES} keys typed`,
      `into the Thai label of question 150, each after the previous one showed (the first ${WARMUP} not counted):`,
      "from the keydown event to the end of the first frame whose phone preview (the respondent's own section",
      'screen, `SurveyPreview`, following the section being edited) shows the new label.',
      '',
      'On a survey this long only the rows near the screen hold their fields; the others are contained stand-ins',
      'of the same height (`row-window.ts`), so the page holds a few hundred form fields, not thousands.',
      'The bench scrolls to question 150 (it becomes whole there) before focusing its label.',
      'While only wording changes, the preview gives the section screen the same survey object, so a keystroke',
      "redraws the edited question's field only, not the section's 20, and each of the preview's questions is laid",
      'out and painted on its own (`content-visibility: auto`; see docs/survey-editor.md, Performance, for a trace).',
      'What is left per keystroke is mostly the browser: inserting the typed text, then style, layout, paint and',
      'compositing of the frame (compare the main-thread figures below: script is a small part of the tasks).',
      '',
      table(
        ['Figure', 'Value'],
        [
          ['Keystroke → preview updated, median', `${fmt(median(samples), 1)} ms`],
          ['Keystroke → preview updated, p50 / p95 / max', `${fmt(p50, 1)} / ${fmt(p95, 1)} / ${fmt(max, 1)} ms`],
          ['Keystrokes measured', String(samples.length)],
          [
            'Rows holding their fields while typing (the rest are stand-ins) / form fields on the page',
            `${whole} of ${rows} / ${fields}`,
          ],
          [
            'Opening the editor on 200 questions (navigation → every row or its stand-in shown, page clock / wall)',
            `${fmt(openMs, 0)} ms / ${fmt(openWallMs, 0)} ms`,
          ],
          [
            'Main-thread time per keystroke (CDP Performance metrics): tasks / script / layout / style',
            ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration']
              .map((m) => fmt(perKey(m), 1))
              .join(' / ')
              .concat(' ms'),
          ],
          [
            'Debounced validation by the parent (400 ms after the last keystroke), runs / median',
            validations.length
              ? `${validations.length} / ${fmt(median(validations), 1)} ms`
              : '0 (typing never paused)',
          ],
        ],
      ),
    ].join('\n');
    console.log(`p50 ${fmt(p50, 1)} ms, p95 ${fmt(p95, 1)} ms, max ${fmt(max, 1)} ms`);
    return {
      markdown: md,
      json: {
        perKeyMs: Object.fromEntries(
          ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'].map((m) => [m, perKey(m)]),
        ),
        questions: rows,
        wholeRows: whole,
        formFields: fields,
        cpuSlowdown: CPU_SLOWDOWN,
        samples,
        openMs,
        openWallMs,
        validations,
        budgets,
      },
    };
  } finally {
    await browser.close();
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
}
