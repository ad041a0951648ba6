import { writeFileSync } from 'node:fs';
import { launchChromium } from '/work/wt/builder-perf/test/e2e/browser.js';
import { buildPage, serveFolder } from '/work/wt/builder-perf/test/pages/build-page.js';
async function main() {
const FIELD = 'sections[7].questions[9].label.th';
const out = '/tmp/bp/page';
if (!process.env.NOBUILD) await buildPage('builder', out);
const server = await serveFolder(out);
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'th-TH' });
await page.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.RATE ?? 4) });
await page.goto(`${server.url}/?survey=big&n=200`);
await page.waitForFunction(() => document.querySelectorAll('article.builder-question').length === 200, null, { timeout: 180000 });
const field = page.locator(`[data-path="${FIELD}"]`);
await page.evaluate((exp) => {
  const f = document.querySelector('[data-path="sections[7].questions[9].label.th"]')!;
  const target = exp === 'row' ? f.closest('article')! : exp === 'all' ? document.querySelector('.builder')! : null;
  if (target) { const form = document.createElement('form'); target.replaceWith(form); form.append(target); }
}, process.env.EXP ?? '');
if (process.env.SCROLL) await page.evaluate(() => {
  const label = (document.querySelector('[data-path="sections[7].questions[9].label.th"]') as HTMLTextAreaElement).value;
  const aside = document.querySelector('.builder-preview') as HTMLElement;
  const q = [...document.querySelectorAll('.preview-phone form > *')].find((e) => e.textContent?.includes(label)) as HTMLElement;
  aside.scrollTop = q.getBoundingClientRect().top - aside.getBoundingClientRect().top + aside.scrollTop - 100;
  (window as any).__scrolled = aside.scrollTop;
});
if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
await field.focus();
await page.evaluate(() => { const el = document.activeElement as HTMLTextAreaElement; el.setSelectionRange(el.value.length, el.value.length); (window as any).__n = 0; document.addEventListener('keydown', () => { requestAnimationFrame(() => requestAnimationFrame(() => (window as any).__n++)); }); });
await new Promise((r) => setTimeout(r, 1500));
const events: unknown[] = [];
cdp.on('Tracing.dataCollected', (e: any) => events.push(...e.value));
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink', 'cc', 'gpu', 'v8', 'blink.user_timing', 'toplevel', 'accessibility', 'disabled-by-default-devtools.timeline.stack', 'v8.execute', 'blink.gc'] }, transferMode: 'ReportEvents' });
for (let i = 0; i < 20; i++) {
  await page.keyboard.press('abcdefghij'[i % 10]);
  await page.waitForFunction((n) => (window as any).__n >= n, i + 1, { polling: 50 });
}
await cdp.send('Tracing.end');
await done;
writeFileSync(process.env.OUT ?? '/tmp/bp/trace.json', JSON.stringify({ traceEvents: events }));
await browser.close(); await server.close();
console.log('events', events.length);
}
main();
