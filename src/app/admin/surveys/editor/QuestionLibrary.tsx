/**
 * The office's standard questions, inserted in one action: the stakeholder survey's rating items
 * by dimension (a whole dimension or one item) and its profile questions. `onInsert` receives
 * the whole new definition, since an insert may also add a dimension, a list or rating labels.
 */
import { useState } from 'preact/hooks';
import { type InsertTarget, insertQuestions } from '../../../../core/survey-insert.js';
import type { LocalizedText, Question, Section, SurveyDefinition } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import { i18next } from '../../../i18n.js';
import './builder-extras.css';
import { libraryLists, libraryRatingLabels, listNameOf, profileSection, ratingDimensions } from './library-data.js';

const K = 'admin.builder.library.';
const NEW = 'new';

/** The question library panel. */
export function QuestionLibrary(props: { survey: SurveyDefinition; onInsert(next: SurveyDefinition): void }) {
  const { t, lang } = useT();
  const { survey } = props;
  const [into, setInto] = useState<string>(NEW);
  const [status, setStatus] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const ids = new Set(survey.sections.flatMap((s) => s.questions.map((q) => q.id)));
  const text = (l: LocalizedText) => l[lang] || l.th;
  /** A list in words ("รายชื่อโรงเรียน"): the shipped lists have names; another is named by its id. */
  const listName = (id: string) =>
    i18next.exists(`${K}listName.${id}`) ? t(`${K}listName.${id}`) : t(`${K}listOther`, { id });

  const insert = async (questions: readonly Question[], from: Section, title: LocalizedText) => {
    setBusy(true);
    try {
      const listNames = questions.map(listNameOf).filter((n): n is string => n !== undefined);
      const missing = listNames.filter((n) => !survey.lists?.[n]);
      const lists = missing.length ? await libraryLists(missing) : {};
      const index = Number(into);
      const target: InsertTarget =
        into === NEW || !survey.sections[index] ? { newSection: { id: from.id, title } } : { section: index };
      const result = insertQuestions(survey, questions, target, {
        dimensions: ratingDimensions.map((d) => d.dimension),
        lists,
        ...(libraryRatingLabels ? { ratingLabels: libraryRatingLabels } : {}),
      });
      props.onInsert(result.survey);
      // Later inserts of the same panel go into the section just made.
      if (into === NEW) setInto(String(result.survey.sections.length - 1));
      setStatus([
        t(`${K}inserted`, { count: result.inserted.length }),
        ...result.addedDimensions.map((id) => {
          const d = ratingDimensions.find((x) => x.dimension.id === id);
          return t(`${K}dimensionAdded`, { label: d ? text(d.dimension.label) : id });
        }),
        ...result.addedLists.map((list) => t(`${K}listAdded`, { list: listName(list) })),
        ...(result.renamed.length
          ? [t(`${K}renamed`, { ids: result.renamed.map(([a, b]) => `${a} → ${b}`).join(', ') })]
          : []),
      ]);
    } finally {
      setBusy(false);
    }
  };

  const item = (q: Question, from: Section, title: LocalizedText) => (
    <li key={q.id} class="library-item">
      <span>
        {text(q.label)}
        {listNameOf(q) && <span class="muted"> · {t(`${K}withList`, { list: listName(listNameOf(q) ?? '') })}</span>}
        {ids.has(q.id) && <span class="pill"> {t(`${K}inSurvey`)}</span>}
      </span>
      <button
        type="button"
        class="button button-secondary button-small"
        disabled={busy}
        aria-label={t(`${K}insertOne`, { label: text(q.label) })}
        onClick={() => void insert([q], from, title)}
      >
        {t(`${K}insert`)}
      </button>
    </li>
  );

  return (
    <section class="library-panel" aria-labelledby="library-title">
      <h2 id="library-title">{t(`${K}title`)}</h2>
      <p class="muted">{t(`${K}intro`)}</p>
      <label class="field-label">
        {t(`${K}into`)}{' '}
        <select value={into} onChange={(e) => setInto(e.currentTarget.value)}>
          {survey.sections.map((s, i) => (
            <option key={s.id} value={String(i)}>
              {i + 1}. {text(s.title)}
            </option>
          ))}
          <option value={NEW}>{t(`${K}newSection`)}</option>
        </select>
      </label>
      <p role="status" class="library-status">
        {status.join(' · ')}
      </p>
      <h3>{t(`${K}profile`)}</h3>
      <button
        type="button"
        class="button button-small"
        disabled={busy}
        onClick={() => void insert(profileSection.questions, profileSection, profileSection.title)}
      >
        {t(`${K}insertAll`, { count: profileSection.questions.length })}
      </button>
      <ul class="plain-list">{profileSection.questions.map((q) => item(q, profileSection, profileSection.title))}</ul>
      <h3>{t(`${K}dimensions`)}</h3>
      {ratingDimensions.map((d) => (
        <details key={d.dimension.id} class="library-dimension">
          <summary>{text(d.dimension.label)}</summary>
          <button
            type="button"
            class="button button-small"
            disabled={busy}
            aria-label={`${t(`${K}insertDimension`, { count: d.questions.length })}: ${text(d.dimension.label)}`}
            onClick={() => void insert(d.questions, d.section, d.dimension.label)}
          >
            {t(`${K}insertDimension`, { count: d.questions.length })}
          </button>
          <ul class="plain-list">{d.questions.map((q) => item(q, d.section, d.dimension.label))}</ul>
        </details>
      ))}
    </section>
  );
}
