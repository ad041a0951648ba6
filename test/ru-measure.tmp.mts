import { gzipSync } from 'node:zlib';
import { launchChromium, phoneContext } from './e2e/browser.js';
import { startServer } from './helpers/server.js';
async function main() {
const server = await startServer();
const browser = await launchChromium();
try {
  const context = await phoneContext(browser, 'th-TH');
  const page = await context.newPage();
  const js: { url: string; gz: number }[] = [];
  let done = false;
  page.on('response', async (r) => {
    if (done) return;
    const url = r.url();
    if (!/\.m?js(\?|$)/.test(url) || url.includes('sw.js')) return;
    const body = await r.body().catch(() => Buffer.alloc(0));
    js.push({ url: url.replace(/.*\/assets\//, ''), gz: gzipSync(body, { level: 9 }).length });
  });
  await page.goto(`${server.url}/s/stakeholder-satisfaction`);
  await page.getByRole('button', { name: 'รับทราบและเริ่มตอบ' }).click();
  await page.getByRole('radio').first().waitFor();
  done = true;
  await new Promise((r) => setTimeout(r, 300));
  for (const j of js) console.log(j.url, j.gz);
  console.log('TOTAL', js.reduce((s, j) => s + j.gz, 0));
} finally {
  await browser.close();
  await server.stop();
}
}
main();
