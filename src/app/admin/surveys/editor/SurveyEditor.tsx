/**
 * PLACEHOLDER of the survey editor (the editor helpers' version replaces this file at merge): the
 * title in both languages and the whole definition as JSON, with the contract's props, so the
 * builder's screens around it work. Fully controlled: every edit calls onChange.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LocalizedText, SurveyDefinition } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';

/** The survey editor's props (the contract of issue 10). */
export interface SurveyEditorProps {
  value: SurveyDefinition;
  onChange(next: SurveyDefinition): void;
  problems: readonly { path: string; message: string }[];
  focus?: { path: string; seq: number } | undefined;
}

/** Edits a survey definition. */
export function SurveyEditor({ value, onChange, problems, focus }: SurveyEditorProps) {
  const { t } = useT();
  const [json, setJson] = useState(() => JSON.stringify(value, null, 2));
  const [bad, setBad] = useState(false);
  const titleTh = useRef<HTMLInputElement>(null);
  const titleEn = useRef<HTMLInputElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  // A definition replaced from outside (loaded, restored, a title typed) shows in the JSON.
  useEffect(() => {
    if (!bad) setJson(JSON.stringify(value, null, 2));
  }, [value]);
  useEffect(() => {
    if (!focus) return;
    const target =
      focus.path === 'title.th' ? titleTh.current : focus.path.startsWith('title') ? titleEn.current : area.current;
    target?.scrollIntoView?.({ block: 'center' });
    target?.focus();
  }, [focus?.seq]);
  const setTitle = (lang: keyof LocalizedText, text: string) =>
    onChange({ ...value, title: { ...value.title, [lang]: text } });
  const problemAt = (path: string) => problems.some((p) => p.path === path);
  return (
    <div class="survey-editor">
      <label>
        {t('admin.surveys.field.title')} ({t('admin.surveys.place.lang.th')})
        <input
          ref={titleTh}
          value={value.title.th}
          aria-invalid={problemAt('title.th') ? 'true' : undefined}
          onInput={(e) => setTitle('th', e.currentTarget.value)}
        />
      </label>
      <label>
        {t('admin.surveys.field.title')} ({t('admin.surveys.place.lang.en')})
        <input
          ref={titleEn}
          value={value.title.en}
          aria-invalid={problemAt('title.en') ? 'true' : undefined}
          onInput={(e) => setTitle('en', e.currentTarget.value)}
        />
      </label>
      <label>
        JSON
        <textarea
          ref={area}
          rows={20}
          value={json}
          spellcheck={false}
          aria-invalid={bad ? 'true' : undefined}
          onInput={(e) => {
            const text = e.currentTarget.value;
            setJson(text);
            try {
              onChange(JSON.parse(text) as SurveyDefinition);
              setBad(false);
            } catch {
              setBad(true);
            }
          }}
        />
      </label>
    </div>
  );
}
