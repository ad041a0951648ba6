/**
 * A test page (not shipped): the survey editor on the shipped stakeholder survey (`?survey=big`:
 * grown to 200 questions), in Thai or English (`?lang=en`), with a parent that holds the draft and
 * validates it after a pause, as the admin screen does. Built by test/pages/build-page.ts for
 * screenshots and the editor's benchmark.
 */
import '@fontsource/sarabun/thai-400.css';
import '@fontsource/sarabun/latin-400.css';
import '@fontsource/sarabun/thai-600.css';
import '@fontsource/sarabun/latin-600.css';
import '../../../src/app/styles.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { addAdminStrings } from '../../../src/app/admin/strings.js';
import { SurveyEditor } from '../../../src/app/admin/surveys/editor/SurveyEditor.js';
import { libraryLists } from '../../../src/app/admin/surveys/editor/library-data.js';
import { initI18n } from '../../../src/app/i18n.js';
import type { SurveyDefinition } from '../../../src/core/survey.js';
import { validateSurvey } from '../../../src/core/survey-validate.js';
import stakeholder from '../../../src/content/surveys/stakeholder-satisfaction.json';
import { bigSurvey } from './big-survey.js';

const params = new URLSearchParams(location.search);
// The shipped file names its school list's CSV (the build and the server read it); the editor
// gets the survey as the server gives it, the list's items in place.
const raw = stakeholder as unknown as SurveyDefinition;
const base: SurveyDefinition = { ...raw, lists: await libraryLists(Object.keys(raw.lists ?? {})) };
const initial = params.get('survey') === 'big' ? bigSurvey(base, Number(params.get('n') ?? 200)) : base;

function Page() {
  const [value, setValue] = useState(initial);
  const [problems, setProblems] = useState<{ path: string; message: string }[]>([]);
  const [focus, setFocus] = useState<{ path: string; seq: number }>();
  useEffect(() => {
    const timer = setTimeout(() => {
      const started = performance.now();
      const result = validateSurvey(value);
      performance.measure('siang:validate', { start: started, end: performance.now() });
      setProblems(result.ok ? [] : [...result.problems]);
    }, 400);
    return () => clearTimeout(timer);
  }, [value]);
  (window as unknown as { __goTo: (path: string) => void }).__goTo = (path) =>
    setFocus((f) => ({ path, seq: (f?.seq ?? 0) + 1 }));
  return (
    <main id="main">
      <SurveyEditor value={value} onChange={setValue} problems={problems} focus={focus} />
    </main>
  );
}

await initI18n(params.get('lang') === 'en' ? 'en' : 'th');
addAdminStrings();
const root = document.getElementById('app');
if (root) render(<Page />, root);
