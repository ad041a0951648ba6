import { launchChromium, phoneContext } from './e2e/browser.js';
import { startServer } from './helpers/server.js';
import { badLineBreaks } from './e2e/line-breaks.js';
async function main() {
const server = await startServer();
const browser = await launchChromium();
try {
  const context = await phoneContext(browser, 'th-TH');
  const page = await context.newPage();
  const show = async (name: string) => {
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    console.log('==', name, JSON.stringify(await badLineBreaks(page), null, 0));
    await page.screenshot({ path: `/work/wt/_shots/respondent-ui/exp-${name}.png`, fullPage: true });
  };
  await page.goto(`${server.url}/`);
  await page.getByRole('heading', { name: 'แบบสำรวจที่เปิดรับคำตอบ' }).waitFor();
  await show('home');
  await page.goto(`${server.url}/s/stakeholder-satisfaction`);
  await page.getByRole('button', { name: 'รับทราบและเริ่มตอบ' }).waitFor();
  await show('privacy');
  await page.locator('details summary').click();
  await show('privacy-full');
  await page.getByRole('button', { name: 'รับทราบและเริ่มตอบ' }).click();
  await page.getByRole('radio').first().waitFor();
  await show('section1');
  await page.goto(`${server.url}/s/stakeholder-satisfaction/rating-inform`);
  await page.getByRole('radiogroup').first().waitFor();
  await show('rating');
  await page.goto(`${server.url}/s/complaint`);
  await page.getByRole('button', { name: 'รับทราบและเริ่มตอบ' }).click();
  await page.getByRole('radio').first().waitFor();
  await show('complaint');
} finally {
  await browser.close();
  await server.stop();
}
}
main();
