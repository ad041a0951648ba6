/**
 * What people type, in real Chromium on a phone: a complainant's phone and e-mail are checked
 * (with the right keyboard), a fourth tick of a "choose up to 3" is refused at once, the school
 * search never passes for an answer, an incident date is chosen in the Buddhist era, and the
 * admin's targets screen never says "saved" for a population it did not keep.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang, MultipleChoiceQuestion, SurveyDefinition } from '../../src/core/survey.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium } from './browser.js';
import {
  expectScreen,
  fillDate,
  openApp,
  publishedSurvey,
  questionField,
  questionName,
  readDevice,
  STAKEHOLDER,
  searchName,
  startSurvey,
  tr,
} from './respondent.js';
import { addStaff, adminStrings, signedIn } from './supervisor.js';

let server: RunningServer;
let browser: Browser;
let survey: SurveyDefinition;
let complaint: SurveyDefinition;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  [survey, complaint] = await Promise.all([
    publishedSurvey(server.url, STAKEHOLDER),
    publishedSurvey(server.url, 'complaint'),
  ]);
  addStaff(server, 'admin.inputs', 'admin');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function question(s: SurveyDefinition, id: string) {
  const q = s.sections.flatMap((x) => x.questions).find((x) => x.id === id);
  if (!q) throw new Error(`${s.id} has no question ${id}`);
  return q;
}

function optionLabel(s: SurveyDefinition, id: string, value: string, lang: Lang): string {
  const q = question(s, id);
  const option = 'options' in q ? q.options.find((o) => o.value === value) : undefined;
  if (!option) throw new Error(`${id} has no option ${value}`);
  return option.label[lang];
}

/** The complaint's first section, answered so that the contact section comes next. */
async function answerMatter(page: Page, lang: Lang) {
  const t = tr(lang);
  const radio = (id: string, value: string) =>
    questionField(page, question(complaint, id), lang)
      .getByRole('radio', { name: optionLabel(complaint, id, value, lang), exact: true })
      .check();
  await radio('category', 'service_complaint');
  await questionField(page, question(complaint, 'topic'), lang).fill(lang === 'th' ? 'รอเอกสารนาน' : 'Slow papers');
  await questionField(page, question(complaint, 'description'), lang).fill(
    lang === 'th' ? 'ยื่นคำขอแล้วรอสามสัปดาห์' : 'Waited three weeks',
  );
  await radio('wants_reply', 'yes');
  await page.getByRole('button', { name: t('common.next'), exact: true }).click();
  await expectScreen(page, complaint.sections[1]?.title[lang] ?? '');
}

describe('a complainant typing contact details', () => {
  for (const lang of ['th', 'en'] as const) {
    it(`(${lang}) gets the phone and e-mail keyboards, a message as soon as a contact cannot be used, and the complaint goes once it can`, async () => {
      const t = tr(lang);
      const { context, page, errors } = await openApp(browser, server.url, lang === 'th' ? 'th-TH' : 'en-US');
      await startSurvey(page, complaint, lang);
      await answerMatter(page, lang);
      await questionField(page, question(complaint, 'contact_name'), lang).fill(lang === 'th' ? 'สมศรี' : 'Somsri');
      const channel = lang === 'th' ? 'phone' : 'email';
      await questionField(page, question(complaint, 'reply_channel'), lang)
        .getByRole('radio', { name: optionLabel(complaint, 'reply_channel', channel, lang), exact: true })
        .check();
      const box = questionField(page, question(complaint, `contact_${channel}`), lang);
      const keyboard = await box.evaluate((el: HTMLInputElement) => [el.type, el.inputMode, el.autocomplete]);
      expect(keyboard).toEqual(channel === 'phone' ? ['tel', 'tel', 'tel'] : ['email', 'email', 'email']);

      await box.fill(channel === 'phone' ? 'โทรหาได้ตลอด' : 'somsri-at-gmail');
      // Leaving the box is enough to be told; no need to press "Next" first.
      await questionField(page, question(complaint, 'contact_name'), lang).click();
      const message = t(`errors.invalid_${channel}`);
      await page.getByText(message, { exact: true }).waitFor();
      expect(await box.getAttribute('aria-invalid')).toBe('true');
      await page.getByRole('button', { name: t('common.next'), exact: true }).click();
      await page.getByText(t('survey.fixCount', { count: 1 }), { exact: true }).waitFor();
      await expectScreen(page, complaint.sections[1]?.title[lang] ?? '');

      const good = channel === 'phone' ? '081-234-5678' : 'somsri@gmail.com';
      await box.fill(good);
      await expect.poll(() => page.getByText(message, { exact: true }).count()).toBe(0);
      await page.getByRole('button', { name: t('common.next'), exact: true }).click();
      await expectScreen(page, t('review.title'));
      await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
      await expectScreen(page, t('complaintThanks.title'));
      // The server took it: the contact passes the same rule there.
      await expect
        .poll(async () => (await readDevice(page)).outbox.map((e) => e.state), { timeout: 10_000 })
        .toEqual(['sent']);
      const [response] = (await readDevice(page)).responses;
      expect(response?.answers[`contact_${channel}`]).toBe(good);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

describe('the stakeholder survey’s first page', () => {
  it('refuses a fourth contact channel at once and says why', async () => {
    const lang = 'th';
    const t = tr(lang);
    const { context, page } = await openApp(browser, server.url);
    await startSurvey(page, survey, lang);
    const q = question(survey, 'contact_channels') as MultipleChoiceQuestion;
    const field = questionField(page, q, lang);
    const boxes = q.options.slice(0, 4).map((o) => field.getByRole('checkbox', { name: o.label[lang], exact: true }));
    for (const box of boxes.slice(0, 3)) await box.check();
    const fourth = boxes[3];
    if (!fourth) throw new Error('contact_channels has fewer than 4 options');
    await fourth.click();
    await field.getByText(t('question.maxReached', { max: q.max }), { exact: true }).waitFor();
    expect(await fourth.isChecked()).toBe(false);
    await expect
      .poll(async () => (await readDevice(page)).responses[0]?.answers.contact_channels)
      .toEqual(q.options.slice(0, 3).map((o) => o.value));
    // Un-ticking one makes room: the message goes and the fourth can be ticked.
    await boxes[0]?.uncheck();
    await expect.poll(() => field.getByText(t('question.maxReached', { max: q.max })).count()).toBe(0);
    await fourth.check();
    await context.close();
  });

  it('never takes a typed school name for a choice: one hint, and "Next" asks to tap a school', async () => {
    const lang = 'th';
    const t = tr(lang);
    const { context, page } = await openApp(browser, server.url);
    await startSurvey(page, survey, lang);
    await questionField(page, question(survey, 'group'), lang)
      .getByRole('radio', { name: optionLabel(survey, 'group', 'parent', lang), exact: true })
      .check();
    const q = question(survey, 'school');
    if (q.type !== 'lookup') throw new Error('school is not a lookup');
    const field = questionField(page, q, lang);
    const count = survey.lists?.schools?.length ?? 0;
    const search = field.getByRole('searchbox', { name: searchName(q, count, lang), exact: true });
    expect(searchName(q, count, lang)).toBe(`พิมพ์ชื่อโรงเรียนหรืออำเภอ แล้วแตะเลือกจากรายการ (ทั้งหมด ${count} โรงเรียน)`);
    expect(await field.getByText('พิมพ์ชื่อโรงเรียนบางส่วนเพื่อค้นหา').count()).toBe(0);
    const school = survey.lists?.schools?.find((s) => s.label.th.includes('เบญจม'));
    if (!school) throw new Error('no school named เบญจม… in the list');
    await search.fill('เบญจม');
    await page.getByRole('button', { name: t('common.next'), exact: true }).click();
    await field.getByText(t('errors.pickSchool'), { exact: true }).waitFor();
    expect(await field.getByText(t('question.selected'), { exact: false }).count()).toBe(0);
    await expectScreen(page, survey.sections[0]?.title[lang] ?? '');
    await field.getByRole('radio', { name: new RegExp(`^${school.label.th}`) }).check();
    await field.getByText(`${t('question.selected')}: ${school.label.th}`, { exact: true }).waitFor();
    await expect.poll(() => field.getByText(t('errors.pickSchool')).count()).toBe(0);
    await context.close();
  });
});

describe('an incident date', () => {
  it('is chosen as day, month and Buddhist-era year and stored ISO; half a date is refused', async () => {
    const lang = 'th';
    const t = tr(lang);
    const { context, page } = await openApp(browser, server.url);
    await startSurvey(page, complaint, lang);
    const q = question(complaint, 'incident_date');
    const field = questionField(page, q, lang);
    const year = field.getByRole('combobox', { name: t('date.year'), exact: true });
    const thisYear = new Date().getFullYear();
    // The newest year first, in the Buddhist era; none after this year (the date is at most today).
    // The date lists load with their own code the first time they show: wait for the options.
    await expect
      .poll(async () => (await year.locator('option').allTextContents()).slice(0, 2))
      .toEqual(['–', String(thisYear + 543)]);
    await field.getByRole('combobox', { name: t('date.day'), exact: true }).selectOption('20');
    await field.getByRole('combobox', { name: t('date.month'), exact: true }).selectOption({ label: 'พฤศจิกายน' });
    await page.getByRole('button', { name: t('common.next'), exact: true }).click();
    await field.getByText(t('errors.invalid_date'), { exact: true }).waitFor();
    await fillDate(field, `${thisYear - 1}-11-20`, lang);
    await expect
      .poll(async () => (await readDevice(page)).responses[0]?.answers.incident_date)
      .toBe(`${thisYear - 1}-11-20`);
    await expect.poll(() => field.getByText(t('errors.invalid_date')).count()).toBe(0);
    await expect.poll(() => page.getByText(questionName(q, lang)).count()).toBe(1);
    await context.close();
  });
});

describe('school populations typed by an admin', () => {
  it('accept "1,850" and Thai digits, refuse what is not a number with a message, and never say saved for it', async () => {
    const admin = adminStrings('th-TH');
    const { context, page } = await signedIn(browser, server, 'admin.inputs');
    await page.goto(`${server.url}/admin/s/${STAKEHOLDER}/targets`);
    const schools = survey.lists?.schools ?? [];
    const box = (i: number) =>
      page.getByLabel(admin.populationOf.replace('{{school}}', schools[i]?.label.th ?? ''), { exact: true });
    await box(0).fill('1,850');
    await box(1).fill('๓๒๐๐');
    await box(2).fill('12o');
    await page.getByRole('button', { name: admin.save, exact: true }).click();
    await page.getByText(admin.notSavedInvalid_other.replace('{{count}}', '1'), { exact: true }).waitFor();
    await page.getByText(admin.populationInvalid.replace('{{max}}', '10,000,000')).waitFor();
    expect(await page.getByText(admin.saved, { exact: true }).count()).toBe(0);
    const stored = async () =>
      (await (await context.request.get(`${server.url}/api/v1/surveys/${STAKEHOLDER}/targets`)).json()) as unknown[];
    expect(await stored()).toEqual([]);

    await box(2).fill('120');
    await page.getByRole('button', { name: admin.save, exact: true }).click();
    await page.getByText(admin.saved, { exact: true }).waitFor();
    expect(await stored()).toEqual(
      expect.arrayContaining([
        { school: schools[0]?.value, population: 1850 },
        { school: schools[1]?.value, population: 3200 },
        { school: schools[2]?.value, population: 120 },
      ]),
    );
    // The boxes show what the server kept.
    expect(await box(1).inputValue()).toBe('3200');
    await page.reload();
    await expect.poll(() => box(0).inputValue()).toBe('1850');
    await context.close();
  });
});
