/**
 * The survey's long lists (the school list of lookup questions): add, rename and remove lists,
 * edit rows, and paste rows from a spreadsheet or upload a CSV file, checked row by row in a
 * preview before anything is applied.
 */
import { useState } from 'preact/hooks';
import { type CheckedRows, checkRows, decodeListFile } from '../../../../core/list-rows.js';
import { type ListItem, SURVEY_ID } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import './builder-extras.css';
import { parseCells } from './list-parse.js';

const K = 'admin.builder.lists.';
/** Rows shown for editing in one list; longer lists are replaced by paste or upload. */
const SHOWN = 100;
/** Rows shown in a paste or upload preview. */
const PREVIEWED = 200;

/** An .xlsx workbook (a zip archive) rather than a CSV file. */
const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

type Lists = Readonly<Record<string, readonly ListItem[]>>;

/** The editor of every list of a survey. Rename does not change lookup questions' `list`. */
export function ListsEditor(props: { lists: Lists; onChange(next: Record<string, ListItem[]>): void }) {
  const { t } = useT();
  const [name, setName] = useState('');
  const names = Object.keys(props.lists);
  const nameProblem = name && !SURVEY_ID.test(name) ? 'badName' : name && names.includes(name) ? 'taken' : undefined;
  const copy = (): Record<string, ListItem[]> =>
    Object.fromEntries(Object.entries(props.lists).map(([k, v]) => [k, [...v]]));
  const add = (event: Event) => {
    event.preventDefault();
    if (!name || nameProblem) return;
    props.onChange({ ...copy(), [name]: [] });
    setName('');
  };
  return (
    <section class="lists-editor" aria-labelledby="lists-editor-title">
      <h2 id="lists-editor-title">{t(`${K}title`)}</h2>
      <p class="muted">{t(`${K}intro`)}</p>
      {names.length === 0 && <p>{t(`${K}empty`)}</p>}
      {names.map((list) => (
        <ListCard
          key={list}
          name={list}
          items={props.lists[list] ?? []}
          names={names}
          onChange={(items) => props.onChange({ ...copy(), [list]: items })}
          onRename={(to) =>
            props.onChange(
              Object.fromEntries(Object.entries(props.lists).map(([k, v]) => [k === list ? to : k, [...v]])),
            )
          }
          onRemove={() => {
            const next = copy();
            delete next[list];
            props.onChange(next);
          }}
        />
      ))}
      <form class="inline-form" onSubmit={add}>
        <label>
          {t(`${K}newName`)}
          <input
            type="text"
            value={name}
            onInput={(e) => setName(e.currentTarget.value.trim())}
            aria-invalid={nameProblem ? true : undefined}
            aria-describedby={nameProblem ? 'new-list-problem' : undefined}
          />
        </label>
        <button type="submit" class="button button-secondary" disabled={!name || nameProblem !== undefined}>
          {t(`${K}add`)}
        </button>
        {nameProblem && (
          <p class="field-error" id="new-list-problem">
            {t(`${K}${nameProblem}`)}
          </p>
        )}
      </form>
    </section>
  );
}

function ListCard(props: {
  name: string;
  items: readonly ListItem[];
  names: readonly string[];
  onChange(items: ListItem[]): void;
  onRename(to: string): void;
  onRemove(): void;
}) {
  const { t } = useT();
  const [newName, setNewName] = useState(props.name);
  const [paste, setPaste] = useState('');
  const [preview, setPreview] = useState<{ rows: CheckedRows; encoding?: string; cells: string[][] } | undefined>();
  const [mode, setMode] = useState<'replace' | 'append'>('replace');
  const [error, setError] = useState('');
  const [filter, setFilter] = useState('');
  const base = `list-${props.name}`;
  // Long lists (thousands of schools) are edited by finding the rows first.
  const needle = filter.trim().toLowerCase();
  const matching = props.items
    .map((item, i) => ({ item, i }))
    .filter(
      ({ item }) =>
        !needle ||
        [item.value, item.label.th, item.label.en, item.detail?.th ?? ''].some((x) => x.toLowerCase().includes(needle)),
    );
  const renameProblem =
    newName === props.name
      ? undefined
      : !SURVEY_ID.test(newName)
        ? 'badName'
        : props.names.includes(newName)
          ? 'taken'
          : undefined;
  const setItem = (i: number, item: ListItem) => props.onChange(props.items.map((x, j) => (j === i ? item : x)));
  const check = (cells: string[][], encoding?: string, as = mode) => {
    const rows = checkRows(cells, as === 'append' ? props.items : []);
    setPreview({ rows, cells, ...(encoding ? { encoding } : {}) });
  };
  const read = async (text: string, encoding?: string) => {
    setError('');
    try {
      check(await parseCells(text), encoding);
    } catch (e) {
      setPreview(undefined);
      setError(t(`${K}unreadable`, { message: (e as Error).message }));
    }
  };
  const apply = (onlyValid: boolean) => {
    if (!preview) return;
    const rows = preview.rows.rows.filter((r) => !onlyValid || r.problems.length === 0).map((r) => r.item);
    props.onChange(mode === 'append' ? [...props.items, ...rows] : rows);
    setPreview(undefined);
    setPaste('');
  };
  const bad = preview?.rows.rows.filter((r) => r.problems.length > 0).length ?? 0;
  const field = (i: number, item: ListItem, key: 'value' | 'th' | 'en' | 'detailTh' | 'detailEn', label: string) => {
    const value =
      key === 'value'
        ? item.value
        : key === 'th' || key === 'en'
          ? item.label[key]
          : (item.detail?.[key === 'detailTh' ? 'th' : 'en'] ?? '');
    const change = (v: string) => {
      if (key === 'value') return setItem(i, { ...item, value: v });
      if (key === 'th' || key === 'en') return setItem(i, { ...item, label: { ...item.label, [key]: v } });
      const detail = { th: item.detail?.th ?? '', en: item.detail?.en ?? '', [key === 'detailTh' ? 'th' : 'en']: v };
      const { detail: _, ...rest } = item;
      setItem(i, detail.th || detail.en ? { ...rest, detail } : rest);
    };
    return (
      <td>
        <input
          type="text"
          aria-label={`${label} ${i + 1}`}
          value={value}
          aria-invalid={key === 'th' && !value ? true : undefined}
          onInput={(e) => change(e.currentTarget.value)}
        />
      </td>
    );
  };
  const headers = ['value', 'labelTh', 'labelEn', 'detailTh', 'detailEn'].map((k) => t(`${K}${k}`));
  return (
    <section class="list-card" aria-labelledby={`${base}-name`}>
      <h3 id={`${base}-name`}>
        {props.name} <span class="muted">· {t(`${K}count`, { count: props.items.length })}</span>
      </h3>
      <div class="inline-form">
        <label>
          {t(`${K}name`)}
          <input type="text" value={newName} onInput={(e) => setNewName(e.currentTarget.value.trim())} />
        </label>
        <button
          type="button"
          class="button button-secondary button-small"
          disabled={newName === props.name || renameProblem !== undefined}
          onClick={() => props.onRename(newName)}
        >
          {t(`${K}rename`)}
        </button>
        <button type="button" class="link-button" onClick={props.onRemove}>
          {t(`${K}remove`, { name: props.name })}
        </button>
        {renameProblem && <p class="field-error">{t(`${K}${renameProblem}`)}</p>}
      </div>
      {props.items.length > 10 && (
        <label class="list-filter">
          {t(`${K}filter`)}
          <input type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
        </label>
      )}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(`${K}row`)}</th>
              {headers.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
              <th scope="col">
                <span class="visually-hidden">{t(`${K}removeItem`, { n: '' })}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {matching.slice(0, SHOWN).map(({ item, i }) => (
              <tr key={i}>
                <td>{i + 1}</td>
                {field(i, item, 'value', headers[0] ?? '')}
                {field(i, item, 'th', headers[1] ?? '')}
                {field(i, item, 'en', headers[2] ?? '')}
                {field(i, item, 'detailTh', headers[3] ?? '')}
                {field(i, item, 'detailEn', headers[4] ?? '')}
                <td>
                  <button
                    type="button"
                    class="link-button"
                    aria-label={t(`${K}removeItem`, { n: i + 1 })}
                    onClick={() => props.onChange(props.items.filter((_, j) => j !== i))}
                  >
                    {t(`${K}removeShort`)}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {matching.length > SHOWN && <p class="muted">{t(`${K}more`, { count: matching.length - SHOWN })}</p>}
      <button
        type="button"
        class="button button-secondary button-small"
        onClick={() => props.onChange([...props.items, { value: '', label: { th: '', en: '' } }])}
      >
        {t(`${K}addItem`)}
      </button>
      <details class="list-import">
        <summary>
          {t(`${K}paste`)} / {t(`${K}upload`)}
        </summary>
        <p class="muted" id={`${base}-hint`}>
          {t(`${K}pasteHint`)}
        </p>
        <label>
          {t(`${K}paste`)}
          <textarea
            rows={5}
            value={paste}
            aria-describedby={`${base}-hint`}
            onInput={(e) => setPaste(e.currentTarget.value)}
          />
        </label>
        <div class="inline-form">
          <button
            type="button"
            class="button button-secondary button-small"
            disabled={!paste.trim()}
            onClick={() => void read(paste)}
          >
            {t(`${K}check`)}
          </button>
          <label>
            {t(`${K}upload`)}
            <input
              type="file"
              accept=".csv,.txt,text/csv,text/plain"
              onChange={(e) => {
                const input = e.currentTarget;
                const file = input.files?.[0];
                if (!file) return;
                void file.arrayBuffer().then((buffer) => {
                  // The same file chosen again (after fixing it) is read again.
                  input.value = '';
                  const bytes = new Uint8Array(buffer);
                  if (isZip(bytes)) {
                    setPreview(undefined);
                    setError(t(`${K}workbook`));
                    return;
                  }
                  const decoded = decodeListFile(bytes);
                  return read(decoded.text, decoded.encoding);
                });
              }}
            />
          </label>
        </div>
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        {preview && (
          <section class="list-preview" aria-label={t(`${K}preview`, { count: preview.rows.rows.length })}>
            <h4>{t(`${K}preview`, { count: preview.rows.rows.length })}</h4>
            {preview.encoding && (
              <p class="muted">{t(preview.encoding === 'windows-874' ? `${K}encodingWin874` : `${K}encodingUtf8`)}</p>
            )}
            {preview.rows.header && <p class="muted">{t(`${K}header`)}</p>}
            <fieldset class="inline-form">
              {(['replace', 'append'] as const).map((m) => (
                <label key={m}>
                  <span>
                    <input
                      type="radio"
                      name={`${base}-mode`}
                      checked={mode === m}
                      onChange={() => {
                        setMode(m);
                        check(preview.cells, preview.encoding, m);
                      }}
                    />{' '}
                    {t(`${K}${m}`)}
                  </span>
                </label>
              ))}
            </fieldset>
            {bad > 0 && (
              <p class="banner banner-warning" role="alert">
                {t(`${K}problems`, { count: bad })}
              </p>
            )}
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t(`${K}row`)}</th>
                    {headers.map((h) => (
                      <th key={h} scope="col">
                        {h}
                      </th>
                    ))}
                    <th scope="col">{t(`${K}status`)}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.rows.slice(0, PREVIEWED).map((r) => (
                    <tr key={r.row} class={r.problems.length ? 'row-problem' : undefined}>
                      <td>{r.row}</td>
                      <td>{r.item.value}</td>
                      <td>{r.item.label.th}</td>
                      <td>{r.item.label.en}</td>
                      <td>{r.item.detail?.th ?? ''}</td>
                      <td>{r.item.detail?.en ?? ''}</td>
                      <td class="row-status">
                        {r.problems.length
                          ? r.problems
                              .map((p) =>
                                p.code === 'emptyLabel'
                                  ? t(`${K}emptyLabel`)
                                  : p.code === 'duplicate'
                                    ? t(`${K}duplicate`, { value: p.value, row: p.row })
                                    : t(`${K}duplicateExisting`, { value: p.value }),
                              )
                              .join('; ')
                          : t(`${K}ok`)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {preview.rows.rows.length > PREVIEWED && (
              <p class="muted">{t(`${K}more`, { count: preview.rows.rows.length - PREVIEWED })}</p>
            )}
            <div class="actions">
              <button type="button" class="button" disabled={bad > 0} onClick={() => apply(false)}>
                {t(`${K}${mode}`)}
              </button>
              {bad > 0 && (
                <button type="button" class="button button-secondary" onClick={() => apply(true)}>
                  {t(`${K}applyValid`, { count: preview.rows.rows.length - bad })}
                </button>
              )}
              <button type="button" class="button button-secondary" onClick={() => setPreview(undefined)}>
                {t(`${K}cancel`)}
              </button>
            </div>
          </section>
        )}
      </details>
    </section>
  );
}
