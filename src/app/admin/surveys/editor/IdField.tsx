/** A question's id: shown fixed once published; otherwise renamed on commit, never silently. */
import { useEffect, useState } from 'preact/hooks';
import type { Question } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import type { At, RowContext } from './row-context.js';

const QUESTION_ID = /^[a-z][a-z0-9_]{0,63}$/;

/** The question's id: fixed once published; otherwise renamed on commit, with the rules that name it. */
export function IdField(props: { question: Question; path: string; published: boolean; ctx: RowContext; at: At }) {
  const { t } = useT();
  const [draft, setDraft] = useState(props.question.id);
  const [error, setError] = useState<string>();
  useEffect(() => setDraft(props.question.id), [props.question.id]);
  const errorId = `${props.path}-id-note`;
  if (props.published)
    return (
      <span class="builder-id">
        <code data-path={`${props.path}.id`}>{props.question.id}</code>{' '}
        <span class="muted">{t('admin.builder.idFixed')}</span>
      </span>
    );
  const inputId = `${props.path}-id`;
  return (
    <span class="builder-id">
      <label for={inputId}>{t('admin.builder.id')}</label>
      <input
        id={inputId}
        data-path={`${props.path}.id`}
        value={draft}
        size={14}
        spellcheck={false}
        aria-describedby={errorId}
        aria-invalid={error ? 'true' : undefined}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onChange={(e) => {
          const id = e.currentTarget.value.trim();
          if (id === props.question.id) return setError(undefined);
          const refused = QUESTION_ID.test(id) ? props.ctx.rename(props.at, id) : 'admin.builder.idInvalid';
          setError(refused ? t(refused, { id }) : undefined);
          if (refused) setDraft(props.question.id);
        }}
      />
      <span
        id={errorId}
        class={error ? 'builder-flag' : draft !== props.question.id ? 'builder-note' : 'visually-hidden'}
      >
        {error ? `⚠ ${error}` : `⚠ ${t('admin.builder.idWarning')}`}
      </span>
    </span>
  );
}
