/**
 * What the committees and activities screens share: the fiscal year in the address, the
 * stakeholder groups' names (the survey's group options, the one list of groups), the office's
 * name, and the parts of a printed Thai official document (head, signature block).
 */
import { useEffect, useState } from 'preact/hooks';
import { fiscalYearOf } from '../../../core/activities.js';
import { localIsoDay, tr } from '../../../core/answers.js';
import { formatDate } from '../../../core/format.js';
import type { LocalizedText, SurveyDefinition } from '../../../core/survey.js';
import { useT } from '../../hooks.js';
import { navigate } from '../../router.js';
import { apiGet } from '../api.js';

/** The fiscal year of `?fy=`, or the current one. */
export function yearOf(query: URLSearchParams): number {
  const fy = Number(query.get('fy'));
  return fy >= 2500 && fy <= 2700 ? fy : fiscalYearOf(localIsoDay());
}

/** A fiscal year chooser that keeps the year in the address. */
export function YearPicker({ year, base }: { year: number; base: string }) {
  const { t } = useT();
  return (
    <label class="inline-check year-picker no-print">
      {t('admin.fiscalYear')}
      <input
        type="number"
        min={2500}
        max={2700}
        value={year}
        onChange={(e) => {
          const fy = Number(e.currentTarget.value);
          if (fy >= 2500 && fy <= 2700) navigate(`${base}?fy=${fy}`, { replace: true });
        }}
      />
    </label>
  );
}

/** The stakeholder groups' names by id. */
export function useGroups(): Map<string, LocalizedText> {
  const [groups, setGroups] = useState<Map<string, LocalizedText>>(new Map());
  useEffect(() => {
    apiGet<SurveyDefinition>('/surveys/stakeholder-satisfaction')
      .then((survey) => {
        const question = survey.sections.flatMap((s) => s.questions).find((q) => q.id === 'group');
        const options = question && 'options' in question && Array.isArray(question.options) ? question.options : [];
        setGroups(new Map(options.map((o: { value: string; label: LocalizedText }) => [o.value, o.label])));
      })
      .catch(() => undefined); // ids are shown instead
  }, []);
  return groups;
}

/** A group's name, or its id. */
export function groupLabel(groups: Map<string, LocalizedText>, id: string | null, lang: 'th' | 'en'): string {
  if (!id) return '';
  const label = groups.get(id);
  return label ? tr(label, lang) : id;
}

/** The office's name in the reader's language. */
export function useOfficeName(): string {
  const { lang } = useT();
  const [name, setName] = useState<LocalizedText>();
  useEffect(() => {
    apiGet<{ name: LocalizedText }>('/office')
      .then((o) => setName(o.name))
      .catch(() => undefined);
  }, []);
  return name ? tr(name, lang) : '';
}

/** A date for print and screen (BE in Thai), or a dash. */
export function dateText(iso: string | null | undefined, lang: 'th' | 'en'): string {
  return iso ? formatDate(iso.slice(0, 10), lang) : '–';
}

/** The signature block at the foot of a printed document. */
export function SignatureBlock({ name, position }: { name?: string | undefined; position?: string | undefined }) {
  const { t } = useT();
  return (
    <div class="signature-block">
      <p>{t('admin.activities.print.signed')}</p>
      <p>({name?.trim() ? name : '.......................................................'})</p>
      <p>
        {t('admin.activities.print.position')}{' '}
        {position?.trim() ? position : '...........................................'}
      </p>
      <p>{t('admin.activities.print.dateLine')}</p>
    </div>
  );
}

/** The printed-on line. */
export function PrintedOn() {
  const { t, lang } = useT();
  return <p class="report-date">{t('admin.printedOn', { date: formatDate(localIsoDay(), lang) })}</p>;
}
