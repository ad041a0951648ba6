/** The register's tables (missions, groups) as editors or read-only, and the interest/influence map. */
import { tr } from '../../../core/answers.js';
import { GROUP_KINDS, type Mission, type Quadrant, quadrantOf, type StakeholderGroup } from '../../../core/register.js';
import { useT } from '../../hooks.js';

/** A text box when editing, the text otherwise. */
function Field({
  value,
  label,
  canEdit,
  onInput,
  wide,
}: {
  value: string;
  label: string;
  canEdit: boolean;
  onInput: (v: string) => void;
  wide?: boolean;
}) {
  if (!canEdit) return <>{value}</>;
  return wide ? (
    <textarea aria-label={label} rows={2} value={value} onInput={(e) => onInput(e.currentTarget.value)} />
  ) : (
    <input type="text" aria-label={label} value={value} onInput={(e) => onInput(e.currentTarget.value)} />
  );
}

/** Missions and strategies. */
export function MissionsTable({
  missions,
  canEdit,
  onChange,
}: {
  missions: Mission[];
  canEdit: boolean;
  onChange: (m: Mission[]) => void;
}) {
  const { t } = useT();
  const set = (i: number, m: Mission) => onChange(missions.map((x, k) => (k === i ? m : x)));
  return (
    <div class="table-wrap" tabIndex={canEdit ? undefined : 0}>
      <table class="counts edit-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.register.code')}</th>
            <th scope="col">{t('admin.register.kind')}</th>
            <th scope="col">{t('admin.register.titleTh')}</th>
            <th scope="col">{t('admin.register.titleEn')}</th>
            <th scope="col">{t('admin.register.source')}</th>
            {canEdit && <th scope="col" class="no-print" />}
          </tr>
        </thead>
        <tbody>
          {missions.map((m, i) => (
            <tr key={i}>
              <td>
                <Field
                  value={m.code}
                  label={t('admin.register.code')}
                  canEdit={canEdit}
                  onInput={(code) => set(i, { ...m, code })}
                />
              </td>
              <td>
                {canEdit ? (
                  <select
                    aria-label={t('admin.register.kind')}
                    value={m.kind}
                    onChange={(e) => set(i, { ...m, kind: e.currentTarget.value as Mission['kind'] })}
                  >
                    <option value="mission">{t('admin.register.kindMission')}</option>
                    <option value="strategy">{t('admin.register.kindStrategy')}</option>
                  </select>
                ) : (
                  t(m.kind === 'mission' ? 'admin.register.kindMission' : 'admin.register.kindStrategy')
                )}
              </td>
              <td>
                <Field
                  wide
                  value={m.title.th}
                  label={t('admin.register.titleTh')}
                  canEdit={canEdit}
                  onInput={(th) => set(i, { ...m, title: { ...m.title, th } })}
                />
              </td>
              <td>
                {canEdit ? (
                  <Field
                    wide
                    value={m.title.en}
                    label={t('admin.register.titleEn')}
                    canEdit
                    onInput={(en) => set(i, { ...m, title: { ...m.title, en } })}
                  />
                ) : (
                  m.title.en
                )}
              </td>
              <td>
                <Field
                  value={m.source}
                  label={t('admin.register.source')}
                  canEdit={canEdit}
                  onInput={(source) => set(i, { ...m, source })}
                />
              </td>
              {canEdit && (
                <td class="no-print">
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => onChange(missions.filter((_, k) => k !== i))}
                  >
                    {t('admin.register.remove')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit && (
        <button
          type="button"
          class="button button-secondary no-print"
          onClick={() => onChange([...missions, { code: '', kind: 'mission', title: { th: '', en: '' }, source: '' }])}
        >
          {t('admin.register.addMission')}
        </button>
      )}
    </div>
  );
}

/** Stakeholder groups. */
export function GroupsTable({
  groups,
  canEdit,
  onChange,
}: {
  groups: StakeholderGroup[];
  canEdit: boolean;
  onChange: (g: StakeholderGroup[]) => void;
}) {
  const { t, lang } = useT();
  const set = (i: number, g: StakeholderGroup) => onChange(groups.map((x, k) => (k === i ? g : x)));
  const level = (g: StakeholderGroup, i: number, key: 'interest' | 'influence') =>
    canEdit ? (
      <select
        aria-label={`${t(`admin.register.${key}`)} ${tr(g.name, lang)}`}
        value={String(g[key])}
        onChange={(e) => set(i, { ...g, [key]: Number(e.currentTarget.value) as 1 | 2 | 3 })}
      >
        {[1, 2, 3].map((n) => (
          <option key={n} value={String(n)}>
            {n} {t(`admin.register.level${n}`)}
          </option>
        ))}
      </select>
    ) : (
      `${g[key]} ${t(`admin.register.level${g[key]}`)}`
    );
  return (
    <div class="table-wrap" tabIndex={canEdit ? undefined : 0}>
      <table class="counts edit-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.register.code')}</th>
            <th scope="col">{t('admin.register.nameTh')}</th>
            <th scope="col">{t('admin.register.nameEn')}</th>
            <th scope="col">{t('admin.register.definition')}</th>
            <th scope="col">{t('admin.register.kind')}</th>
            <th scope="col">{t('admin.register.population')}</th>
            <th scope="col">{t('admin.register.interest')}</th>
            <th scope="col">{t('admin.register.influence')}</th>
            {canEdit && <th scope="col" class="no-print" />}
          </tr>
        </thead>
        <tbody>
          {groups.map((g, i) => (
            <tr key={i}>
              <td>
                <Field
                  value={g.id}
                  label={t('admin.register.code')}
                  canEdit={canEdit}
                  onInput={(id) => set(i, { ...g, id })}
                />
              </td>
              <td>
                <Field
                  value={g.name.th}
                  label={t('admin.register.nameTh')}
                  canEdit={canEdit}
                  onInput={(th) => set(i, { ...g, name: { ...g.name, th } })}
                />
              </td>
              <td>
                <Field
                  value={g.name.en}
                  label={t('admin.register.nameEn')}
                  canEdit={canEdit}
                  onInput={(en) => set(i, { ...g, name: { ...g.name, en } })}
                />
              </td>
              <td>
                <Field
                  wide
                  value={g.definition}
                  label={t('admin.register.definition')}
                  canEdit={canEdit}
                  onInput={(definition) => set(i, { ...g, definition })}
                />
              </td>
              <td>
                {canEdit ? (
                  <select
                    aria-label={t('admin.register.kind')}
                    value={g.kind}
                    onChange={(e) => set(i, { ...g, kind: e.currentTarget.value as StakeholderGroup['kind'] })}
                  >
                    {GROUP_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`admin.register.kind_${k}`)}
                      </option>
                    ))}
                  </select>
                ) : (
                  t(`admin.register.kind_${g.kind}`)
                )}
              </td>
              <td class="num">
                {canEdit ? (
                  <input
                    type="text"
                    inputMode="numeric"
                    aria-label={t('admin.register.population')}
                    value={g.population ?? ''}
                    onInput={(e) => {
                      const n = Number(e.currentTarget.value);
                      set(i, { ...g, population: e.currentTarget.value === '' || !Number.isInteger(n) ? null : n });
                    }}
                  />
                ) : (
                  (g.population?.toLocaleString('en') ?? '–')
                )}
              </td>
              <td>{level(g, i, 'interest')}</td>
              <td>{level(g, i, 'influence')}</td>
              {canEdit && (
                <td class="no-print">
                  <button type="button" class="link-button" onClick={() => onChange(groups.filter((_, k) => k !== i))}>
                    {t('admin.register.remove')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit && (
        <button
          type="button"
          class="button button-secondary no-print"
          onClick={() =>
            onChange([
              ...groups,
              {
                id: '',
                name: { th: '', en: '' },
                definition: '',
                kind: 'stakeholder',
                population: null,
                interest: 2,
                influence: 2,
              },
            ])
          }
        >
          {t('admin.register.addGroup')}
        </button>
      )}
    </div>
  );
}

const QUADRANTS: Quadrant[] = ['satisfy', 'manage', 'monitor', 'inform'];

/** The 2×2 interest/influence map (influence up, interest right) and the same as a table. */
export function InfluenceMap({ groups }: { groups: StakeholderGroup[] }) {
  const { t, lang } = useT();
  return (
    <>
      <figure class="influence-map" aria-hidden="true">
        <span class="axis axis-y">{t('admin.register.influence')} ↑</span>
        <div class="quadrants">
          {QUADRANTS.map((q) => (
            <div class={`quadrant quadrant-${q}`} key={q}>
              <strong>{t(`admin.register.quadrant_${q}`)}</strong>
              <ul>
                {groups
                  .filter((g) => quadrantOf(g) === q)
                  .map((g) => (
                    <li key={g.id}>{tr(g.name, lang)}</li>
                  ))}
              </ul>
            </div>
          ))}
        </div>
        <span class="axis axis-x">{t('admin.register.interest')} →</span>
      </figure>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the table scrolls in its box on a phone, which must take keyboard focus to scroll without a pointer (WCAG 2.1.1). */}
      <section class="table-wrap" aria-label={t('admin.register.mapTable')} tabIndex={0}>
        <table class="counts">
          <caption>{t('admin.register.mapTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.register.group')}</th>
              <th scope="col">{t('admin.register.interest')}</th>
              <th scope="col">{t('admin.register.influence')}</th>
              <th scope="col">{t('admin.register.quadrant')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.id}>
                <th scope="row">{tr(g.name, lang)}</th>
                <td class="num">{g.interest}</td>
                <td class="num">{g.influence}</td>
                <td>{t(`admin.register.quadrant_${quadrantOf(g)}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
