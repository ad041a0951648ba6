/**
 * A test page (served by the vite dev server, never built into the app) showing the builder's
 * condition, list, library, privacy and preview panels on the shipped stakeholder survey, for
 * screenshots and the preview's keystroke timing. `?lang=en`, `?part=condition|lists|library|
 * privacy|preview|timing`.
 */
import '@fontsource/sarabun/thai-400.css';
import '@fontsource/sarabun/latin-400.css';
import '@fontsource/sarabun/thai-600.css';
import '@fontsource/sarabun/latin-600.css';
import '../../../src/app/styles.css';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { addAdminStrings } from '../../../src/app/admin/strings.js';
import { ConditionEditor } from '../../../src/app/admin/surveys/editor/ConditionEditor.js';
import { ListsEditor } from '../../../src/app/admin/surveys/editor/ListsEditor.js';
import { PrivacyEditor } from '../../../src/app/admin/surveys/editor/PrivacyEditor.js';
import { QuestionLibrary } from '../../../src/app/admin/surveys/editor/QuestionLibrary.js';
import { SurveyPreview } from '../../../src/app/admin/surveys/editor/SurveyPreview.js';
import { initI18n } from '../../../src/app/i18n.js';
import type { Condition, Question, SurveyDefinition } from '../../../src/core/survey.js';

const params = new URLSearchParams(location.search);
const lang = params.get('lang') === 'en' ? 'en' : 'th';
const part = params.get('part') ?? 'condition';

/** The stakeholder survey grown to `n` questions: one more section of text questions per 20. */
function big(survey: SurveyDefinition, n: number): SurveyDefinition {
  const count = survey.sections.reduce((a, s) => a + s.questions.length, 0);
  const sections = [...survey.sections];
  for (let i = count, s = 0; i < n; s++) {
    const questions: Question[] = [];
    for (let j = 0; j < 20 && i < n; j++, i++) {
      questions.push({
        id: `extra_${i}`,
        type: j % 2 ? 'text' : 'single',
        label: { th: `ข้อเพิ่ม ${i}`, en: `Extra ${i}` },
        ...(j % 2
          ? {}
          : {
              options: [
                { value: 'a', label: { th: 'ก', en: 'A' } },
                { value: 'b', label: { th: 'ข', en: 'B' } },
              ],
            }),
        ...(j % 2 ? { showIf: { question: `extra_${i - 1}`, equals: 'a' } } : {}),
      } as Question);
    }
    sections.push({ id: `extra_s${s}`, title: { th: `ส่วนเพิ่ม ${s}`, en: `Extra ${s}` }, questions });
  }
  return { ...survey, sections };
}

function Page(props: { survey: SurveyDefinition }) {
  const [survey, setSurvey] = useState(props.survey);
  const [condition, setCondition] = useState<Condition | undefined>({
    all: [
      { question: 'group', in: ['parent', 'student'] },
      { not: { question: 'contact_channels', includes: 'website' } },
    ],
  });
  const [title, setTitle] = useState(survey.sections[0]?.questions[0]?.label.th ?? '');
  switch (part) {
    case 'condition':
      return (
        <ConditionEditor survey={survey} before="inform_1" value={condition} onChange={setCondition} lang={lang} />
      );
    case 'lists':
      return <ListsEditor lists={survey.lists ?? {}} onChange={(lists) => setSurvey({ ...survey, lists })} />;
    case 'library':
      return <QuestionLibrary survey={survey} onInsert={setSurvey} />;
    case 'privacy':
      return <PrivacyEditor value={survey.privacy} onChange={(privacy) => setSurvey({ ...survey, privacy })} />;
    case 'timing': {
      // Each keystroke renames the first question: the preview must show it within budget.
      const rename = (text: string) => {
        setTitle(text);
        const [first, ...rest] = survey.sections;
        if (!first) return;
        const [q, ...others] = first.questions;
        if (!q) return;
        setSurvey({
          ...survey,
          sections: [{ ...first, questions: [{ ...q, label: { ...q.label, th: text } }, ...others] }, ...rest],
        });
      };
      return (
        <div style="display:flex;gap:1rem">
          <label>
            label <input id="timing-input" value={title} onInput={(e) => rename(e.currentTarget.value)} />
          </label>
          <SurveyPreview survey={survey} lang="th" sectionIndex={0} />
        </div>
      );
    }
    default:
      return <SurveyPreview survey={survey} lang={lang} sectionIndex={Number(params.get('section') ?? 0)} />;
  }
}

async function main() {
  await initI18n(lang);
  addAdminStrings();
  const survey = (await (await fetch('/surveys/stakeholder-satisfaction/1.json')).json()) as SurveyDefinition;
  const root = document.getElementById('root');
  if (root) render(<Page survey={part === 'timing' ? big(survey, 200) : survey} />, root);
}

void main();
