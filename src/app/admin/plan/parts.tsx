/** Pieces the register and plan screens share: the fiscal year field and the file buttons. */
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../../hooks.js';
import { ImportFileButton } from '../controls.js';
import { navigate } from '../../router.js';
import { ApiError } from '../api.js';
import { type FileProblem, fileUrl, uploadFile } from './plan-api.js';

/** The fiscal year (BE) a screen shows; changing it changes `?fy=`. */
export function YearField({ fiscalYear, path }: { fiscalYear: number; path: string }) {
  const { t } = useT();
  const [text, setText] = useState(String(fiscalYear));
  useEffect(() => setText(String(fiscalYear)), [fiscalYear]);
  return (
    <form
      class="inline-form no-print"
      onSubmit={(e) => {
        e.preventDefault();
        const fy = Number(text);
        if (Number.isInteger(fy) && fy >= 2500 && fy <= 2700) navigate(`${path}?fy=${fy}`);
      }}
    >
      <label for="plan-fy">{t('admin.plan.fiscalYear')}</label>
      <input
        id="plan-fy"
        type="number"
        min={2500}
        max={2700}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit" class="button button-secondary">
        {t('admin.plan.show')}
      </button>
    </form>
  );
}

/** Download links (CSV, XLSX, JSON) and, for admins, an import from a file. */
export function FileButtons({
  what,
  fiscalYear,
  canEdit,
  onImported,
}: {
  what: 'plan' | 'register';
  fiscalYear: number;
  canEdit: boolean;
  onImported: () => void;
}) {
  const { t } = useT();
  const [urls, setUrls] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  useEffect(() => {
    void Promise.all((['xlsx', 'csv', 'json'] as const).map(async (f) => [f, await fileUrl(what, fiscalYear, f)])).then(
      (pairs) => setUrls(Object.fromEntries(pairs)),
    );
  }, [what, fiscalYear]);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setStatus(undefined);
    try {
      await uploadFile(what, fiscalYear, file);
      setStatus({ ok: true, text: t('admin.plan.imported', { name: file.name }) });
      onImported();
    } catch (error) {
      const problem = (error as ApiError & { problem?: FileProblem }).problem;
      setStatus({
        ok: false,
        text:
          problem?.row != null
            ? t('admin.plan.importRefusedAt', {
                row: problem.row,
                column: problem.column ?? '',
                message: problem.message,
              })
            : t('admin.plan.importRefused', { message: error instanceof ApiError ? error.message : String(error) }),
      });
    }
  };
  return (
    <div class="actions no-print">
      <a class="button button-secondary" href={urls.xlsx ?? '#'} download>
        {t('admin.plan.exportXlsx')}
      </a>
      <a class="button button-secondary" href={urls.csv ?? '#'} download>
        {t('admin.plan.exportCsv')}
      </a>
      <a class="button button-secondary" href={urls.json ?? '#'} download>
        {t('admin.plan.exportJson')}
      </a>
      {canEdit && <ImportFileButton label={t('admin.plan.importFile')} accept=".xlsx,.csv,.json" onFile={upload} />}
      <p role="status" class={status && !status.ok ? 'field-error' : 'muted'}>
        {status?.text ?? ''}
      </p>
    </div>
  );
}
