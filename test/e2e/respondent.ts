/**
 * What a respondent does in the real app, for the browser tests: open it, start a survey, answer
 * every question shown the way a person would (by role and label, in the language shown), and
 * read back what the device stored in IndexedDB.
 */
import i18next, { type TFunction } from 'i18next';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import enHome from '../../locales/en/home.json';
import enLater from '../../locales/en/later.json';
import enLookup from '../../locales/en/lookup.json';
import enOfficer from '../../locales/en/officer.json';
import en from '../../locales/en/translation.json';
import thHome from '../../locales/th/home.json';
import thLater from '../../locales/th/later.json';
import thLookup from '../../locales/th/lookup.json';
import thOfficer from '../../locales/th/officer.json';
import th from '../../locales/th/translation.json';
import type { AnswerValue } from '../../src/core/answers.js';
import {
  type Condition,
  type Lang,
  type LookupQuestion,
  type MultipleChoiceQuestion,
  OTHER,
  otherKey,
  type Question,
  RATING_LEVELS,
  type RatingPairQuestion,
  type RatingQuestion,
  type Section,
  type SingleChoiceQuestion,
  type SurveyDefinition,
} from '../../src/core/survey.js';
import type { OutboxRecord, ResponseRecord } from '../../src/db/db.js';
import { phoneContext } from './browser.js';

/** The stakeholder survey every flow test fills. */
export const STAKEHOLDER = 'stakeholder-satisfaction';

const translator = i18next.createInstance();
await translator.init({
  lng: 'th',
  resources: { th: { translation: th }, en: { translation: en } },
  interpolation: { escapeValue: false },
});
// The later screens, the long list and the officers' screens add their own strings when they load, as the app does.
for (const [lang, strings] of [
  ['th', thLater],
  ['en', enLater],
  ['th', thLookup],
  ['en', enLookup],
  ['th', thOfficer],
  ['en', enOfficer],
  ['th', thHome],
  ['en', enHome],
] as const) {
  translator.addResourceBundle(lang, 'translation', strings, true, false);
}

/** The app's own strings (locales/<lang>/translation.json), with its plurals and placeholders. */
export function tr(lang: Lang): TFunction {
  return translator.getFixedT(lang);
}

/** A survey definition as the built app publishes it (`/surveys/index.json`, then its file). */
export async function publishedSurvey(baseUrl: string, id: string): Promise<SurveyDefinition> {
  const index = (await (await fetch(`${baseUrl}/surveys/index.json`)).json()) as { id: string; file: string }[];
  const entry = index.find((e) => e.id === id);
  if (!entry) throw new Error(`${id} is not in /surveys/index.json`);
  return (await (await fetch(`${baseUrl}/${entry.file}`)).json()) as SurveyDefinition;
}

/** A page of a fresh phone context, with the uncaught errors it throws. */
export interface AppPage {
  context: BrowserContext;
  page: Page;
  errors: Error[];
}

/**
 * First visit, online: opens the app in a new phone context (with `options` for the context) and
 * waits until the service worker controls the page and the survey list shows.
 */
export async function openApp(
  browser: Browser,
  baseUrl: string,
  locale: 'th-TH' | 'en-US' = 'th-TH',
  options: BrowserContextOptions = {},
): Promise<AppPage> {
  const context = await phoneContext(browser, locale, options);
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(baseUrl);
  await waitForServiceWorker(page);
  const lang: Lang = locale === 'en-US' ? 'en' : 'th';
  await page.getByRole('heading', { level: 1, name: tr(lang)('list.title') }).waitFor();
  return { context, page, errors };
}

/** Resolves once an activated service worker controls the page. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  // The app registers its worker only in a production build (`import.meta.env.DEV` false).
  const context = page.context();
  if (context.serviceWorkers().length === 0) {
    const started = await context.waitForEvent('serviceworker').then(
      () => true,
      () => context.serviceWorkers().length > 0,
    );
    if (!started) {
      throw new Error(
        'the app started no service worker: was dist/ built in development mode (NODE_ENV other than production)?',
      );
    }
  }
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
}

/** The heading of the screen shown. */
export function screenHeading(page: Page): Locator {
  return page.getByRole('heading', { level: 1 });
}

/** Waits until the screen's heading is `name`. */
export async function expectScreen(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

/** The heading of the thank-you: a survey's, or a complaint's own (with its receipt number). */
export function thanksTitle(survey: SurveyDefinition, lang: Lang): string {
  return tr(lang)(survey.kind === 'complaint' ? 'complaintThanks.title' : 'thanks.title');
}

/** The survey list's link that starts a survey: "เริ่มตอบ: <title>" (the title is for screen readers). */
export function startLinkName(survey: SurveyDefinition, lang: Lang): RegExp {
  return new RegExp(`^${escapeRegExp(tr(lang)('list.start'))}\\s*:\\s*${escapeRegExp(survey.title[lang])}$`);
}

/** The notice's version as the notice shows it: "2567-1" is the year (B.E.) and the revision. */
export function privacyVersionText(survey: SurveyDefinition, lang: Lang): string {
  const [year, revision] = survey.privacy.version.split('-');
  return tr(lang)('privacy.version', { year, revision });
}

/** From the survey list: starts a survey and accepts its privacy notice; the first section shows. */
export async function startSurvey(page: Page, survey: SurveyDefinition, lang: Lang): Promise<void> {
  const t = tr(lang);
  await page.getByRole('link', { name: startLinkName(survey, lang) }).click();
  await expectScreen(page, survey.privacy.title[lang]);
  await page.getByText(privacyVersionText(survey, lang), { exact: true }).waitFor();
  await page.getByRole('button', { name: t('privacy.accept'), exact: true }).click();
  const first = survey.sections[0];
  if (first) await expectScreen(page, first.title[lang]);
}

/** The accessible name of a question: its text and the word saying whether it must be answered. */
export function questionName(q: Question, lang: Lang): string {
  const t = tr(lang);
  return `${q.label[lang]} ${q.required ? t('question.required') : t('question.optional')}`;
}

const GROUPED: ReadonlySet<Question['type']> = new Set([
  'single',
  'multiple',
  'rating',
  'rating-pair',
  'lookup',
  'date',
]);

/** Where a question is on screen: its fieldset (choices, scales) or its text box. */
export function questionField(page: Page, q: Question, lang: Lang): Locator {
  const name = questionName(q, lang);
  // By the accessible name, which leaves out the "*" a screen reader does not read.
  return GROUPED.has(q.type)
    ? page.getByRole('group', { name, exact: true })
    : page.getByRole('textbox', { name, exact: true });
}

/** True when a stored value counts as an answer. */
export function answered(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * Whether a survey's condition holds (docs/survey-format.md), worked out here on its own rather
 * than by the app's code, so the tests check the app's skip logic instead of repeating it.
 */
export function holds(condition: Condition, answers: Record<string, AnswerValue>): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, answers));
  if ('any' in condition) return condition.any.some((c) => holds(c, answers));
  if ('not' in condition) return !holds(condition.not, answers);
  const value = answers[condition.question];
  if ('answered' in condition) return answered(value) === condition.answered;
  if ('includes' in condition) return Array.isArray(value) && value.includes(condition.includes);
  if ('equals' in condition) return value === condition.equals;
  if ('notEquals' in condition) return value !== condition.notEquals;
  if ('in' in condition)
    return (typeof value === 'string' || typeof value === 'number') && condition.in.includes(value);
  const bound =
    'lt' in condition
      ? condition.lt
      : 'lte' in condition
        ? condition.lte
        : 'gt' in condition
          ? condition.gt
          : condition.gte;
  if (typeof value !== typeof bound || value === '' || value === undefined) return false;
  const v = value as number | string;
  if ('lt' in condition) return v < bound;
  if ('lte' in condition) return v <= bound;
  if ('gt' in condition) return v > bound;
  return v >= bound;
}

/** The sections a person with these answers goes through. */
export function shownSections(survey: SurveyDefinition, answers: Record<string, AnswerValue>): Section[] {
  return survey.sections.filter((s) => !s.showIf || holds(s.showIf, answers));
}

/** The questions of a section a person with these answers sees. */
export function shownQuestions(section: Section, answers: Record<string, AnswerValue>): Question[] {
  return section.questions.filter((q) => !q.showIf || holds(q.showIf, answers));
}

/** How the filler varies its answers, so two runs do not give the same response. */
export interface FillOptions {
  /** Shifts which option, level and list entry is chosen. */
  variant?: number;
  /** Called on every section screen once it is answered, before "Next". */
  onSection?: (section: Section) => Promise<void>;
}

/** A level of a five-level scale, by its words and, when read out, its number ("5 – มากที่สุด"). */
function levelName(
  survey: SurveyDefinition,
  q: RatingQuestion | RatingPairQuestion,
  level: number,
  lang: Lang,
): RegExp {
  const i = RATING_LEVELS.indexOf(level as (typeof RATING_LEVELS)[number]);
  const own = (q.labels ?? survey.ratingLabels)?.[i];
  const words = own ? own[lang] : tr(lang)(`rating.level${level}`);
  return new RegExp(`^(?:${level}\\s*[–—-]?\\s*)?${escapeRegExp(words)}$`);
}

function isoDay(offsetDays: number): string {
  const at = new Date();
  at.setDate(at.getDate() + offsetDays);
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The search box's name of a long list: the school list says what to type ("ชื่อโรงเรียนหรืออำเภอ"). */
export function searchName(q: LookupQuestion, count: number, lang: Lang): string {
  return tr(lang)(q.list === 'schools' ? 'question.searchSchools' : 'question.search', { count });
}

/** Chooses an ISO date (`YYYY-MM-DD`) in a date field's day, month and year lists. */
export async function fillDate(field: Locator, iso: string, lang: Lang): Promise<void> {
  const t = tr(lang);
  const [year = '', month = '', day = ''] = iso.split('-');
  await field.getByRole('combobox', { name: t('date.day'), exact: true }).selectOption(day);
  await field.getByRole('combobox', { name: t('date.month'), exact: true }).selectOption(month);
  await field.getByRole('combobox', { name: t('date.year'), exact: true }).selectOption(year);
}

/** Answers one question shown on screen; `n` varies the choice. Returns what the device should store. */
export async function answerQuestion(
  page: Page,
  survey: SurveyDefinition,
  q: Question,
  lang: Lang,
  n: number,
): Promise<Record<string, AnswerValue>> {
  const t = tr(lang);
  const field = questionField(page, q, lang);
  switch (q.type) {
    case 'single': {
      const option = (q as SingleChoiceQuestion).options[n % q.options.length];
      if (!option) throw new Error(`${q.id} has no options`);
      await field.getByRole('radio', { name: option.label[lang], exact: true }).check();
      return { [q.id]: option.value };
    }
    case 'multiple': {
      const { options, max } = q as MultipleChoiceQuestion;
      const first = options[n % options.length];
      const second = options[(n + 1) % options.length];
      if (!first || !second) throw new Error(`${q.id} has no options`);
      await field.getByRole('checkbox', { name: first.label[lang], exact: true }).check();
      if (q.other && (max ?? 2) >= 2) {
        const text = lang === 'th' ? 'ติดต่อผ่านเพื่อนครู' : 'Through a fellow teacher';
        await field.getByRole('checkbox', { name: t('question.other'), exact: true }).check();
        await field.getByLabel(t('question.otherSpecify'), { exact: true }).fill(text);
        return { [q.id]: [first.value, OTHER], [otherKey(q.id)]: text };
      }
      if ((max ?? 2) >= 2 && second !== first) {
        await field.getByRole('checkbox', { name: second.label[lang], exact: true }).check();
        return { [q.id]: options.filter((o) => o === first || o === second).map((o) => o.value) };
      }
      return { [q.id]: [first.value] };
    }
    case 'rating': {
      const level = 5 - (n % 5);
      await field.getByRole('radio', { name: levelName(survey, q, level, lang) }).check();
      return { [q.id]: level };
    }
    case 'rating-pair': {
      const expectation = 5 - (n % 3);
      const satisfaction = 5 - ((2 * n + 1) % 5);
      await field
        .getByRole('radiogroup', { name: t('rating.expectation'), exact: true })
        .getByRole('radio', { name: levelName(survey, q, expectation, lang) })
        .check();
      await field
        .getByRole('radiogroup', { name: t('rating.satisfaction'), exact: true })
        .getByRole('radio', { name: levelName(survey, q, satisfaction, lang) })
        .check();
      return { [q.id]: { expectation, satisfaction } };
    }
    case 'lookup': {
      const list = survey.lists?.[(q as LookupQuestion).list] ?? [];
      const item = list[(n + 2) % list.length];
      if (!item) throw new Error(`${q.id}: list ${q.list} is empty`);
      const label = item.label[lang];
      await field
        .getByRole('searchbox', { name: searchName(q as LookupQuestion, list.length, lang), exact: true })
        .fill(label);
      await field.getByRole('radio', { name: new RegExp(`^${escapeRegExp(label)}`) }).check();
      await field.getByText(`${t('question.selected')}: ${label}`, { exact: true }).waitFor();
      return { [q.id]: item.value };
    }
    case 'text':
    case 'long-text': {
      const text =
        q.type === 'long-text'
          ? lang === 'th'
            ? `ควรแจ้งข่าวล่วงหน้า (${q.id})\nและตอบกลับให้เร็วขึ้น`
            : `Announce news earlier (${q.id})\nand reply faster`
          : lang === 'th'
            ? `คำตอบสั้น ${q.id}`
            : `Short answer ${q.id}`;
      const value =
        q.type === 'text' && q.format === 'phone'
          ? `081 234 56${String(n % 100).padStart(2, '0')}`
          : q.type === 'text' && q.format === 'email'
            ? `somsri.${n}@example.com`
            : q.maxLength
              ? [...text].slice(0, q.maxLength).join('')
              : text;
      await field.fill(value);
      return { [q.id]: value };
    }
    case 'number': {
      const value = Math.min(q.max ?? Number.POSITIVE_INFINITY, Math.max(q.min ?? Number.NEGATIVE_INFINITY, 7 + n));
      await field.fill(String(value));
      return { [q.id]: value };
    }
    case 'date': {
      const value = q.min === 'today' ? isoDay(3) : q.max === 'today' || !q.min ? isoDay(-3 - n) : q.min;
      await fillDate(field, value, lang);
      return { [q.id]: value };
    }
  }
}

/**
 * Answers every question shown on the current section screen, in order. A question the survey's
 * conditions hide must not be on screen. Returns the answers given.
 */
export async function answerSection(
  page: Page,
  survey: SurveyDefinition,
  section: Section,
  lang: Lang,
  given: Record<string, AnswerValue> = {},
  variant = 0,
): Promise<Record<string, AnswerValue>> {
  const answers = { ...given };
  for (const [i, q] of section.questions.entries()) {
    const field = questionField(page, q, lang);
    // Conditions look back only, so the answers so far decide whether this question shows.
    if (!shownQuestions(section, answers).includes(q)) {
      expect(await field.count(), `${q.id} should be hidden`).toBe(0);
      continue;
    }
    await field.waitFor();
    Object.assign(answers, await answerQuestion(page, survey, q, lang, i + variant));
  }
  return answers;
}

/**
 * From the first section screen to the review screen: answers each section shown, then "Next".
 * Returns every answer given, as the completed response should hold it.
 */
export async function fillSurvey(
  page: Page,
  survey: SurveyDefinition,
  lang: Lang,
  options: FillOptions = {},
): Promise<Record<string, AnswerValue>> {
  const t = tr(lang);
  let answers: Record<string, AnswerValue> = {};
  const seen: string[] = [];
  for (;;) {
    const heading = (await screenHeading(page).textContent())?.trim() ?? '';
    if (heading === t('review.title')) break;
    const section = survey.sections.find((s) => s.title[lang] === heading);
    if (!section) throw new Error(`"${heading}" is neither a section of ${survey.id} nor the review screen`);
    if (seen.includes(section.id)) throw new Error(`"Next" did not leave section ${section.id}`);
    seen.push(section.id);
    answers = await answerSection(page, survey, section, lang, answers, options.variant ?? 0);
    await options.onSection?.(section);
    await page.getByRole('button', { name: t('common.next'), exact: true }).click();
    await page.waitForFunction((old) => document.querySelector('h1')?.textContent?.trim() !== old, heading);
  }
  return answers;
}

/** Checks that a question's controls show the answer `answers` holds for it (after a reload, say). */
export async function expectShown(
  page: Page,
  survey: SurveyDefinition,
  q: Question,
  answers: Record<string, AnswerValue>,
  lang: Lang,
): Promise<void> {
  const t = tr(lang);
  const field = questionField(page, q, lang);
  const value = answers[q.id];
  await field.waitFor();
  const checked = (control: Locator) => control.isChecked();
  switch (q.type) {
    case 'single': {
      const option = q.options.find((o) => o.value === value);
      const name = option ? option.label[lang] : t('question.other');
      expect(await checked(field.getByRole('radio', { name, exact: true })), q.id).toBe(true);
      return;
    }
    case 'multiple': {
      for (const o of q.options) {
        const box = field.getByRole('checkbox', { name: o.label[lang], exact: true });
        expect(await checked(box), `${q.id}: ${o.value}`).toBe(Array.isArray(value) && value.includes(o.value));
      }
      if (Array.isArray(value) && value.includes(OTHER)) {
        expect(await checked(field.getByRole('checkbox', { name: t('question.other'), exact: true })), q.id).toBe(true);
        expect(await field.getByLabel(t('question.otherSpecify'), { exact: true }).inputValue()).toBe(
          answers[otherKey(q.id)],
        );
      }
      return;
    }
    case 'rating':
      expect(await checked(field.getByRole('radio', { name: levelName(survey, q, value as number, lang) })), q.id).toBe(
        true,
      );
      return;
    case 'rating-pair': {
      const pair = value as { expectation: number; satisfaction: number };
      for (const part of ['expectation', 'satisfaction'] as const) {
        const scale = field.getByRole('radiogroup', { name: t(`rating.${part}`), exact: true });
        const radio = scale.getByRole('radio', { name: levelName(survey, q, pair[part], lang) });
        expect(await checked(radio), `${q.id} ${part}`).toBe(true);
      }
      return;
    }
    case 'lookup': {
      const item = survey.lists?.[q.list]?.find((i) => i.value === value);
      if (!item) throw new Error(`${q.id}: ${String(value)} is not in list ${q.list}`);
      await field.getByText(`${t('question.selected')}: ${item.label[lang]}`, { exact: true }).waitFor();
      expect(
        await checked(field.getByRole('radio', { name: new RegExp(`^${escapeRegExp(item.label[lang])}`) })),
        q.id,
      ).toBe(true);
      return;
    }
    case 'date': {
      const [year, month, day] = String(value).split('-');
      expect(await field.getByRole('combobox', { name: t('date.day'), exact: true }).inputValue(), q.id).toBe(day);
      expect(await field.getByRole('combobox', { name: t('date.month'), exact: true }).inputValue(), q.id).toBe(month);
      expect(await field.getByRole('combobox', { name: t('date.year'), exact: true }).inputValue(), q.id).toBe(year);
      return;
    }
    case 'text':
    case 'long-text':
    case 'number':
      expect(await field.inputValue(), q.id).toBe(String(value));
  }
}

/** What the device's database ("siang") holds, read with the raw IndexedDB API in the page. */
export function readDevice(page: Page): Promise<{ responses: ResponseRecord[]; outbox: OutboxRecord[] }> {
  return page.evaluate(
    () =>
      new Promise<{ responses: ResponseRecord[]; outbox: OutboxRecord[] }>((resolve, reject) => {
        const open = indexedDB.open('siang');
        // Never create the database here: the app must already have made it.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => reject(open.error ?? new Error('cannot open IndexedDB "siang"'));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['responses', 'outbox'], 'readonly');
          const responses = tx.objectStore('responses').getAll();
          const outbox = tx.objectStore('outbox').getAll();
          tx.oncomplete = () => {
            db.close();
            resolve({ responses: responses.result as ResponseRecord[], outbox: outbox.result as OutboxRecord[] });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/**
 * The page's scroll width and the layout viewport's width (a phone browser widens the layout
 * viewport to fit content that is too wide), with the elements that reach past `width`.
 */
export function sidewaysOverflow(
  page: Page,
  width: number,
): Promise<{ scrollWidth: number; viewport: number; wider: string[] }> {
  return page.evaluate((limit) => {
    const wider = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > limit + 0.5 && getComputedStyle(el).position !== 'absolute';
      })
      // What a row that scrolls sideways within the phone (the status line's chips) holds does not
      // widen the page.
      .filter((el) => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
          if (getComputedStyle(up).overflowX !== 'visible' && up.getBoundingClientRect().right <= limit + 0.5)
            return false;
        }
        return true;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').trim().slice(0, 40)}`);
    return { scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, wider };
  }, width);
}
