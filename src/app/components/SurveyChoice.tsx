/**
 * Choosing a survey and its presets, shared by the kiosk set-up and the link maker: the surveys on
 * the device (the first questionnaire chosen), a list box, and presets that reset with the survey.
 */
import { useEffect, useState } from 'preact/hooks';
import { tr } from '../../core/answers.js';
import type { SurveyDefinition } from '../../core/survey.js';
import { type StorageError, toStorageError } from '../../db/storage-errors.js';
import { useT } from '../hooks.js';
import { listSurveys } from '../surveys.js';

/** The surveys on the device, the chosen one and its presets. */
export function useSurveyChoice() {
  const [surveys, setSurveys] = useState<SurveyDefinition[]>();
  const [surveyId, setSurveyId] = useState('');
  const [presets, setPresets] = useState<Record<string, string>>({});
  const [error, setError] = useState<StorageError>();
  useEffect(() => {
    listSurveys()
      .then((all) => {
        setSurveys(all);
        setSurveyId((current) => current || all.find((s) => s.kind === 'survey')?.id || all[0]?.id || '');
      })
      .catch((e: unknown) => setError(toStorageError(e)));
  }, []);
  const choose = (id: string) => {
    setSurveyId(id);
    setPresets({});
  };
  const survey = surveys?.find((s) => s.id === surveyId);
  return { surveys, survey, surveyId, choose, presets, setPresets, error };
}

/** The list box of surveys. */
export function SurveySelect(props: {
  id: string;
  surveys: SurveyDefinition[];
  value: string;
  onChange: (id: string) => void;
  describedBy?: string | undefined;
}) {
  const { lang } = useT();
  return (
    <select
      id={props.id}
      value={props.value}
      aria-describedby={props.describedBy}
      onChange={(e) => props.onChange(e.currentTarget.value)}
    >
      {props.surveys.map((s) => (
        <option key={s.id} value={s.id}>
          {tr(s.title, lang)}
        </option>
      ))}
    </select>
  );
}
