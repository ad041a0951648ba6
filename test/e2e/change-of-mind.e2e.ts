/**
 * A person who changes an earlier answer can still submit, in real Chromium on a phone, in Thai
 * and in English: the answers a later change hid stay out of the way and out of the response the
 * server stores. On a phone, on a kiosk with a school preset and from a link with presets; and on
 * the complaint form, for a contact channel and an "other" kind changed afterwards.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../src/core/answers.js';
import type { Lang, LookupQuestion, Question, SingleChoiceQuestion, SurveyDefinition } from '../../src/core/survey.js';
import { type RunningServer, startServer } from '../helpers/server.js';
import { launchChromium } from './browser.js';
import {
  answerQuestion,
  expectScreen,
  fillSurvey,
  openApp,
  publishedSurvey,
  questionField,
  readDevice,
  STAKEHOLDER,
  searchName,
  startSurvey,
  thanksTitle,
  tr,
  waitForServiceWorker,
} from './respondent.js';
import { addStaff, STAFF_PASSWORD } from './supervisor.js';

let server: RunningServer;
let browser: Browser;
let survey: SurveyDefinition;
let complaint: SurveyDefinition;
let cookie: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  [survey, complaint] = await Promise.all([
    publishedSurvey(server.url, STAKEHOLDER),
    publishedSurvey(server.url, 'complaint'),
  ]);
  addStaff(server, 'checker', 'admin');
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'checker', password: STAFF_PASSWORD }),
  });
  expect(login.status).toBe(200);
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const LANGS: [Lang, 'th-TH' | 'en-US'][] = [
  ['th', 'th-TH'],
  ['en', 'en-US'],
];

function question<T extends Question>(s: SurveyDefinition, id: string): T {
  const q = s.sections.flatMap((x) => x.questions).find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id}`);
  return q as T;
}

function optionLabel(s: SurveyDefinition, id: string, value: string, lang: Lang): string {
  const option = question<SingleChoiceQuestion>(s, id).options.find((o) => o.value === value);
  if (!option) throw new Error(`${id} has no option ${value}`);
  return option.label[lang];
}

async function open(locale: 'th-TH' | 'en-US'): Promise<Page> {
  const app = await openApp(browser, server.url, locale);
  contexts.push(app.context);
  return app.page;
}

/** Submits from the review page; the thank-you shows; returns the id of the response completed. */
async function submit(page: Page, lang: Lang, of: SurveyDefinition = survey): Promise<string> {
  const t = tr(lang);
  await page.getByRole('button', { name: t('review.submit'), exact: true }).click();
  await expectScreen(page, thanksTitle(of, lang));
  const done = (await readDevice(page)).responses.filter((r) => r.status === 'completed');
  expect(done).toHaveLength(1);
  return done[0]?.id ?? '';
}

/** The answers the server stored for a response, once the device has sent it. */
async function storedOnServer(surveyId: string, id: string): Promise<Record<string, AnswerValue>> {
  const read = async () => {
    // The complaints inbox shows a complaint whole; the JSON export the survey's responses.
    const url =
      surveyId === 'complaint'
        ? `${server.url}/api/v1/complaints?limit=200`
        : `${server.url}/api/v1/surveys/${surveyId}/responses?format=json`;
    const reply = await fetch(url, { headers: { cookie } });
    expect(reply.status).toBe(200);
    const body = (await reply.json()) as { items?: unknown[] } | unknown[];
    const items = (Array.isArray(body) ? body : (body.items ?? [])) as {
      id: string;
      answers: Record<string, AnswerValue>;
    }[];
    return items.find((r) => r.id === id)?.answers;
  };
  await expect.poll(read, { timeout: 20_000 }).toBeDefined();
  return (await read()) ?? {};
}

/** A school of the area's list. */
function aSchool(n = 3) {
  const school = question<LookupQuestion>(survey, 'school');
  const item = survey.lists?.[school.list]?.[n];
  if (!item) throw new Error('the stakeholder survey has no schools');
  return item;
}

/** The variant of the test filler that answers the group question "community". */
function communityVariant(): number {
  const index = question<SingleChoiceQuestion>(survey, 'group').options.findIndex((o) => o.value === 'community');
  expect(index).toBeGreaterThanOrEqual(0);
  return index;
}

describe.each(LANGS)('a stakeholder who changes the group (%s)', (lang, locale) => {
  it('a parent picks a school, then answers as community: submitted, stored without the school', async () => {
    const page = await open(locale);
    await startSurvey(page, survey, lang);
    const group = questionField(page, question(survey, 'group'), lang);
    await group.getByRole('radio', { name: optionLabel(survey, 'group', 'parent', lang), exact: true }).check();
    const school = await answerQuestion(page, survey, question(survey, 'school'), lang, 1);
    await expect.poll(async () => (await readDevice(page)).responses[0]?.answers.school).toBe(school.school);
    // The filler answers the group first: community, which hides the school already chosen.
    const answers = await fillSurvey(page, survey, lang, { variant: communityVariant() });
    expect(answers.group).toBe('community');
    const id = await submit(page, lang);
    const stored = await storedOnServer(STAKEHOLDER, id);
    expect(stored.group).toBe('community');
    expect(stored).not.toHaveProperty('school');
    expect(stored).toEqual(answers);
  });

  it('on a kiosk with a school preset, a community respondent submits', async () => {
    const t = tr(lang);
    const page = await open(locale);
    const item = aSchool();
    const schoolQ = question<LookupQuestion>(survey, 'school');
    await page.goto(`${server.url}/kiosk`);
    await expectScreen(page, t('kiosk.setup.title'));
    await page.getByLabel(t('kiosk.setup.survey'), { exact: true }).selectOption(STAKEHOLDER);
    const field = page.locator('fieldset', { has: page.getByText(schoolQ.label[lang], { exact: true }) });
    await field.getByLabel(searchName(schoolQ, survey.lists?.schools?.length ?? 0, lang)).fill(item.label[lang]);
    await field.getByRole('radio', { name: new RegExp(`^${item.label[lang]}`) }).check();
    await page.getByLabel(t('kiosk.setup.pin'), { exact: true }).fill('2468');
    await page.getByLabel(t('kiosk.setup.pinAgain')).fill('2468');
    await page.getByRole('button', { name: t('kiosk.setup.start') }).click();
    await expectScreen(page, survey.privacy.title[lang]);
    await page.getByRole('button', { name: t('privacy.accept') }).click();
    await expectScreen(page, survey.sections[0]?.title[lang] ?? '');
    const answers = await fillSurvey(page, survey, lang, { variant: communityVariant() });
    const id = await submit(page, lang);
    const stored = await storedOnServer(STAKEHOLDER, id);
    expect(stored).toEqual(answers);
    expect(stored).not.toHaveProperty('school');
    // Nothing was set aside.
    expect((await readDevice(page)).responses.map((r) => r.status)).toEqual(['completed']);
  });

  it('from a link with group "parent" and a school, changed to community: submitted', async () => {
    const page = await open(locale);
    const item = aSchool(5);
    const link = new URL(`/s/${STAKEHOLDER}`, server.url);
    link.searchParams.set('group', 'parent');
    link.searchParams.set('school', item.value);
    await page.goto(link.toString());
    await waitForServiceWorker(page);
    await expectScreen(page, survey.privacy.title[lang]);
    await page.getByRole('button', { name: tr(lang)('privacy.accept') }).click();
    await expectScreen(page, survey.sections[0]?.title[lang] ?? '');
    expect((await readDevice(page)).responses[0]?.answers).toMatchObject({ group: 'parent', school: item.value });
    const answers = await fillSurvey(page, survey, lang, { variant: communityVariant() });
    const id = await submit(page, lang);
    const stored = await storedOnServer(STAKEHOLDER, id);
    expect(stored).toEqual(answers);
    expect(stored).not.toHaveProperty('school');
  });
});

/** A text box of the complaint form, by its accessible name (its label and "required"). */
function textBox(page: Page, id: string, lang: Lang) {
  const q = question(complaint, id);
  const required = q.required ? tr(lang)('question.required') : tr(lang)('question.optional');
  return page.getByRole('textbox', { name: `${q.label[lang]} ${required}`, exact: true });
}

/** Fills the first part of the complaint form with its required answers; returns them. */
async function fillMatter(page: Page, lang: Lang, category: string, wantsReply: 'yes' | 'no') {
  const topic = lang === 'th' ? 'ครูใจดี' : 'A kind teacher';
  const description = lang === 'th' ? 'ครูช่วยเหลือนักเรียนดีมาก' : 'The teacher helps the pupils a lot.';
  await questionField(page, question(complaint, 'category'), lang)
    .getByRole('radio', { name: optionLabel(complaint, 'category', category, lang), exact: true })
    .check();
  await textBox(page, 'topic', lang).fill(topic);
  await textBox(page, 'description', lang).fill(description);
  await questionField(page, question(complaint, 'wants_reply'), lang)
    .getByRole('radio', { name: optionLabel(complaint, 'wants_reply', wantsReply, lang), exact: true })
    .check();
  return { category, topic, description, wants_reply: wantsReply };
}

describe.each(LANGS)('a complainant who changes an answer (%s)', (lang, locale) => {
  it('types an e-mail address, then chooses the phone: submitted with the phone only', async () => {
    const t = tr(lang);
    const page = await open(locale);
    await startSurvey(page, complaint, lang);
    const contact = complaint.sections[1];
    if (!contact) throw new Error('the complaint form has two sections');
    const answers = await fillMatter(page, lang, 'staff_conduct', 'yes');
    await page.getByRole('button', { name: t('common.next'), exact: true }).click();
    await expectScreen(page, contact.title[lang]);
    const name = lang === 'th' ? 'สมศรี ใจดี' : 'Somsri Jaidee';
    await textBox(page, 'contact_name', lang).fill(name);
    const channel = questionField(page, question(complaint, 'reply_channel'), lang);
    await channel
      .getByRole('radio', { name: optionLabel(complaint, 'reply_channel', 'email', lang), exact: true })
      .check();
    await textBox(page, 'contact_email', lang).fill('somsri@example.com');
    await expect
      .poll(async () => (await readDevice(page)).responses[0]?.answers.contact_email)
      .toBe('somsri@example.com');
    await channel
      .getByRole('radio', { name: optionLabel(complaint, 'reply_channel', 'phone', lang), exact: true })
      .check();
    await textBox(page, 'contact_phone', lang).fill('0812345678');
    await page.getByRole('button', { name: t('common.next'), exact: true }).click();
    await expectScreen(page, t('review.title'));
    const id = await submit(page, lang, complaint);
    const stored = await storedOnServer('complaint', id);
    expect(stored).toEqual({
      ...answers,
      contact_name: name,
      reply_channel: 'phone',
      contact_phone: '0812345678',
    });
  });

  it('types an "other" kind, then chooses a listed one: submitted without the typed kind', async () => {
    const t = tr(lang);
    const page = await open(locale);
    await startSurvey(page, complaint, lang);
    const category = questionField(page, question(complaint, 'category'), lang);
    await category.getByRole('radio', { name: t('question.other'), exact: true }).check();
    await category.getByLabel(t('question.otherSpecify'), { exact: true }).fill(lang === 'th' ? 'ขอบคุณ' : 'Thanks');
    await expect.poll(async () => (await readDevice(page)).responses[0]?.answers['category.other']).toBeDefined();
    // Then a kind from the list (and the rest of the part).
    const answers = await fillMatter(page, lang, 'compliment', 'no');
    await page.getByRole('button', { name: t('common.next'), exact: true }).click();
    await expectScreen(page, t('review.title'));
    const id = await submit(page, lang, complaint);
    const stored = await storedOnServer('complaint', id);
    expect(stored).toEqual(answers);
    expect(stored).not.toHaveProperty(['category.other']);
  });
});
