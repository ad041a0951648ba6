/**
 * The reply templates (`/admin/complaints/templates`): texts staff insert into a case's public
 * reply and edit before saving. Any member of staff adds, changes and deletes them.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ReplyTemplate } from '../../../core/complaint-cases.js';
import { formatStamp } from '../../../core/format.js';
import { useT } from '../../hooks.js';
import { ApiError } from '../api.js';
import { deleteTemplate, loadTemplates, saveTemplate } from './complaints-api.js';
import { CasesNav } from './parts.js';

/** The form of a new template or one being edited. */
function TemplateForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial?: ReplyTemplate;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const { t } = useT();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const [error, setError] = useState<string>();
  const id = initial?.id ?? 'new';
  return (
    <form
      class="case-panel"
      aria-label={initial ? initial.title : t('admin.cases.addTemplate')}
      onSubmit={(e) => {
        e.preventDefault();
        setError(undefined);
        saveTemplate({ title, body }, initial?.id)
          .then(() => {
            if (!initial) {
              setTitle('');
              setBody('');
            }
            onSaved();
          })
          .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
      }}
    >
      {!initial && <h2>{t('admin.cases.addTemplate')}</h2>}
      <div class="case-text">
        <label for={`template-title-${id}`}>{t('admin.cases.templateTitle')}</label>
        <input
          id={`template-title-${id}`}
          type="text"
          required
          maxLength={200}
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
        <label for={`template-body-${id}`}>{t('admin.cases.templateBody')}</label>
        <textarea
          id={`template-body-${id}`}
          rows={4}
          required
          value={body}
          onInput={(e) => setBody(e.currentTarget.value)}
        />
      </div>
      <div class="actions">
        <button type="submit" class="button">
          {t('admin.cases.saveTemplate')}
        </button>
        {onCancel && (
          <button type="button" class="button button-secondary" onClick={onCancel}>
            {t('admin.cases.cancel')}
          </button>
        )}
        {error && (
          <span role="alert" class="field-error">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}

/** The templates screen. */
export function TemplatesScreen() {
  const { t, lang } = useT();
  const [templates, setTemplates] = useState<ReplyTemplate[]>();
  const [editing, setEditing] = useState<string>();
  const reload = () =>
    void loadTemplates().then(
      (r) => setTemplates(r.templates),
      () => setTemplates([]),
    );
  useEffect(reload, []);
  return (
    <section aria-labelledby="templates-title" class="cases">
      <CasesNav current="templates" />
      <h1 id="templates-title">{t('admin.cases.templatesTitle')}</h1>
      <p class="muted">{t('admin.cases.templatesIntro')}</p>
      {templates === undefined ? (
        <p aria-busy="true">{t('common.loading')}</p>
      ) : templates.length ? (
        <ul class="templates-list">
          {templates.map((x) =>
            editing === x.id ? (
              <li key={x.id}>
                <TemplateForm
                  initial={x}
                  onSaved={() => {
                    setEditing(undefined);
                    reload();
                  }}
                  onCancel={() => setEditing(undefined)}
                />
              </li>
            ) : (
              <li key={x.id}>
                <strong>{x.title}</strong>
                <p>{x.body}</p>
                <p class="muted hint">
                  {t('admin.cases.updatedBy', { when: formatStamp(x.updatedAt, lang), name: x.updatedBy })}
                </p>
                <div class="actions">
                  <button type="button" class="button button-secondary" onClick={() => setEditing(x.id)}>
                    {t('admin.cases.editTemplate')}
                  </button>
                  <button
                    type="button"
                    class="button button-secondary"
                    onClick={() => void deleteTemplate(x.id).then(reload, reload)}
                  >
                    {t('admin.cases.deleteTemplate')}
                  </button>
                </div>
              </li>
            ),
          )}
        </ul>
      ) : (
        <p class="muted">{t('admin.cases.noTemplates')}</p>
      )}
      <TemplateForm onSaved={reload} />
    </section>
  );
}
