/**
 * The annual report laid out once, as a list of blocks (cover, headings, paragraphs, tables, the
 * chart, the signature block) with every word and figure already written in the reader's
 * language; html.ts and docx.ts only draw them, so the printed page and the Word file say the same.
 */
import { localIsoDay, tr } from '../../core/answers.js';
import { type AnnualReport, QUADRANTS } from '../../core/annual-report.js';
import { formatDate, formatNumber } from '../../core/format.js';
import type { GroupResult, ItemResult, RatingStats } from '../../core/results.js';
import type { Lang } from '../../core/survey.js';
import { OFFICE_TIME_ZONE } from '../store/submissions.js';
import { ipaSvg } from './ipa-svg.js';
import { type ReportT, reportStrings } from './strings.js';

/** A table cell. */
export interface LayoutCell {
  text: string;
  bold?: boolean;
  colSpan?: number;
  rowSpan?: number;
  align?: 'left' | 'right' | 'center';
  /** Kept on one line (level names such as ปานกลาง). */
  nowrap?: boolean;
}

/** One block of the document. */
export type Block =
  | {
      kind: 'cover';
      office: string;
      title: string;
      fiscalYear: string;
      ita: string | null;
      itaNote: string | null;
      scope: string | null;
    }
  | { kind: 'heading'; level: 1 | 2; text: string; part?: 1 | 2 | 3 | 4 }
  | { kind: 'paragraph'; text: string; label?: string; note?: boolean }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; caption: string; widths: number[]; head: LayoutCell[][]; rows: LayoutCell[][]; name: string }
  | { kind: 'chart'; caption: string; svg: string; width: number; height: number }
  | { kind: 'signatures'; date: string; signers: { role: string; name: string; position: string; line: string }[] };

/** The laid-out report with the words its page furniture needs. */
export interface Layout {
  lang: Lang;
  title: string;
  office: string;
  blocks: Block[];
  t: ReportT;
}

const two = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(2));
const signed = (n: number | undefined) => (n === undefined ? '–' : `${n > 0 ? '+' : ''}${n.toFixed(2)}`);

/** Lays out a report for a language. */
export function layoutReport(report: AnnualReport, lang: Lang): Layout {
  const t = reportStrings(lang);
  const count = (n: number) => formatNumber(n, lang, 0);
  const day = (iso: string | null) => (iso ? formatDate(iso, lang) : '–');
  const moment = (iso: string | null) => (iso ? formatDate(localIsoDay(new Date(iso), OFFICE_TIME_ZONE), lang) : '–');
  const levelName = (s: RatingStats | undefined) => (s?.level ? t(`level${s.level}`) : '–');
  let tableNo = 0;
  const caption = (key: string, values: Record<string, string | number> = {}) => t(key, { ...values, n: ++tableNo });
  const blocks: Block[] = [];
  const office = tr(report.office.name, lang);

  blocks.push({
    kind: 'cover',
    office,
    title: t('title'),
    fiscalYear: t('fy', { year: report.fiscalYear }),
    ita: report.ita
      ? t('ita', { code: report.ita.code, title: tr(report.ita.title, lang) || report.ita.title.th })
      : null,
    itaNote: report.ita?.seeded ? t('itaSeeded') : null,
    scope: report.schools ? t('scopeSchools', { schools: report.schools.join(', ') }) : null,
  });

  // Part 1: topic and method.
  const p1 = report.part1;
  blocks.push({ kind: 'heading', level: 1, text: t('part1'), part: 1 });
  blocks.push({ kind: 'paragraph', text: t('part1Lead') });
  blocks.push({
    kind: 'paragraph',
    label: t('instrument'),
    text: t('instrumentValue', { title: tr(p1.instrument.title, lang), version: p1.instrument.version }),
  });
  blocks.push({
    kind: 'paragraph',
    label: t('scale'),
    text: t('scaleValue', { labels: p1.scale.labels.map((l) => tr(l, lang)).join(lang === 'th' ? ' ' : ', ') }),
  });
  const sample = p1.sample;
  blocks.push({
    kind: 'paragraph',
    label: t('sample'),
    text: `${t(sample.method === 'yamane' ? 'sampleYamane' : 'sampleKm')} ${
      sample.schools
        ? t('sampleFigures', {
            population: count(sample.population),
            schools: count(sample.schools),
            required: count(sample.required),
            collected: count(sample.collected),
          })
        : t('sampleNone', { collected: count(sample.collected) })
    }`,
  });
  const c = p1.collection;
  blocks.push({
    kind: 'paragraph',
    label: t('collection'),
    text: `${c.first ? t('collectionValue', { first: moment(c.first), last: moment(c.last) }) : t('collectionNone')} ${t(
      'window',
      {
        from: c.opensAt ? moment(c.opensAt) : day(report.period.from),
        to: c.closesAt ? moment(c.closesAt) : day(report.period.to),
      },
    )}`,
  });
  const channelTotal = p1.channels.reduce((a, x) => a + x.n, 0);
  blocks.push({
    kind: 'table',
    name: 'channels',
    caption: caption('channelsCaption'),
    widths: [60, 20, 20],
    head: [[{ text: t('channel') }, { text: t('count') }, { text: t('percent') }]],
    rows: [
      ...p1.channels.map((x) => [
        { text: t(`channel_${x.channel}`) },
        { text: count(x.n), align: 'right' as const },
        { text: two(channelTotal ? (x.n / channelTotal) * 100 : 0), align: 'right' as const },
      ]),
      [
        { text: t('total'), bold: true },
        { text: count(channelTotal), align: 'right', bold: true },
        { text: channelTotal ? '100.00' : '–', align: 'right', bold: true },
      ],
    ],
  });
  blocks.push({
    kind: 'table',
    name: 'criteria',
    caption: `${t('criteria')}: ${t(p1.bandSystem === 'A' ? 'bandA' : 'bandB')}`,
    widths: [50, 50],
    head: [[{ text: t('meanRange') }, { text: t('level') }]],
    rows: p1.bands.map((b) => [
      { text: `${b.from.toFixed(2)} – ${b.to.toFixed(2)}`, align: 'center' },
      { text: t(`level${b.level}`) },
    ]),
  });
  blocks.push({
    kind: 'paragraph',
    label: t('levelsUsed'),
    text: p1.levels.map((l, i) => `(${i + 1}) ${t(`participation_${l}`)}`).join(' '),
  });

  // Part 2: who took part.
  const p2 = report.part2;
  blocks.push({ kind: 'heading', level: 1, text: t('part2'), part: 2 });
  blocks.push({
    kind: 'paragraph',
    text: p2.total === undefined ? t('part2Hidden', { min: p2.minCell }) : t('part2Total', { count: count(p2.total) }),
  });
  blocks.push({ kind: 'paragraph', note: true, text: t('hiddenNote', { min: p2.minCell }) });
  for (const profile of p2.profile) {
    // Fewer than the smallest cell answered it: the table is left out, as the note above says.
    if (profile.n === undefined) continue;
    const n = profile.n;
    const known = profile.options.reduce((a, o) => a + (o.count ?? 0), 0);
    blocks.push({
      kind: 'table',
      name: `profile-${profile.questionId}`,
      caption: caption('profileCaption', {
        title: profile.questionId === 'group' ? t('groupTitle') : tr(profile.title, lang),
      }),
      widths: [60, 20, 20],
      head: [[{ text: t('item') }, { text: t('count') }, { text: t('percent') }]],
      rows: [
        ...profile.options.map((o) => [
          { text: tr(o.label, lang) },
          { text: o.hidden ? '–' : count(o.count ?? 0), align: 'right' as const },
          { text: o.hidden ? '–' : two(o.percent), align: 'right' as const },
        ]),
        ...(profile.multiple
          ? []
          : [
              [
                { text: t('total'), bold: true },
                { text: count(known), align: 'right' as const, bold: true },
                { text: n ? two((known / n) * 100) : '–', align: 'right' as const, bold: true },
              ],
            ]),
      ],
    });
    if (profile.multiple) blocks.push({ kind: 'paragraph', note: true, text: t('profileMultiple', { n: count(n) }) });
  }
  if (p2.bySchool.length) {
    blocks.push({
      kind: 'table',
      name: 'schools',
      caption: caption('bySchoolCaption'),
      widths: [52, 16, 16, 16],
      head: [[{ text: t('school') }, { text: t('population') }, { text: t('required') }, { text: t('collected') }]],
      rows: p2.bySchool.map((s) => [
        { text: s.label ? tr(s.label, lang) : s.key },
        { text: s.population === undefined ? '–' : count(s.population), align: 'right' },
        { text: s.required === undefined ? '–' : count(s.required), align: 'right' },
        { text: s.hidden ? '–' : count(s.n ?? 0), align: 'right' },
      ]),
    });
  }
  const activityRows = p2.activities.flatMap((group) => [
    [
      {
        text: t('levelActivities', {
          level: t(`participation_${group.level}`),
          count: count(group.items.length),
          attendance: count(group.attendance),
        }),
        bold: true,
        colSpan: 4,
      },
    ],
    ...group.items.map((a) => [
      { text: day(a.heldOn) },
      { text: a.title },
      { text: a.place },
      { text: count(a.attendance), align: 'right' as const },
    ]),
  ]);
  blocks.push({
    kind: 'table',
    name: 'activities',
    caption: caption('activitiesCaption'),
    widths: [19, 39, 24, 18],
    head: [
      [
        { text: t('activityDate') },
        { text: t('activityTitle') },
        { text: t('activityPlace') },
        { text: t('attendance') },
      ],
    ],
    rows: activityRows,
  });
  if (!p2.activities.some((g) => g.items.length))
    blocks.push({ kind: 'paragraph', note: true, text: t('activitiesNone') });

  // Part 3: results.
  const p3 = report.part3;
  blocks.push({ kind: 'heading', level: 1, text: t('part3'), part: 3 });
  const overall = p3.overall;
  if (overall.satisfaction?.mean !== undefined || overall.value?.mean !== undefined) {
    const sat = overall.satisfaction ?? overall.value;
    blocks.push({
      kind: 'paragraph',
      text: t('overall', {
        expectation: two(overall.expectation?.mean),
        satisfaction: two(sat?.mean),
        level: levelName(sat),
        gap: signed(overall.gap),
      }),
    });
  }
  const statCells = (r: ItemResult | GroupResult, bold = false): LayoutCell[] => {
    const sat = r.satisfaction ?? r.value;
    return [
      { text: two(r.expectation?.mean), align: 'right', bold },
      { text: two(r.expectation?.sd), align: 'right', bold },
      { text: levelName(r.expectation), bold, nowrap: true },
      { text: two(sat?.mean), align: 'right', bold },
      { text: two(sat?.sd), align: 'right', bold },
      { text: levelName(sat), bold, nowrap: true },
      { text: signed(r.gap), align: 'right', bold },
    ];
  };
  const itemRows: LayoutCell[][] = [];
  const dims = [...p3.dimensions.map((d) => d.id), null];
  for (const id of dims) {
    const items = p3.items.filter((i) =>
      id === null ? !p3.dimensions.some((d) => d.id === i.dimension) : i.dimension === id,
    );
    const dim = p3.dimensions.find((d) => d.id === id);
    if (dim) itemRows.push([{ text: '' }, { text: tr(dim.label, lang), bold: true }, ...statCells(dim, true)]);
    for (const item of items)
      itemRows.push([{ text: item.code, align: 'center' }, { text: tr(item.label, lang) }, ...statCells(item)]);
  }
  itemRows.push([{ text: '' }, { text: t('overallRow'), bold: true }, ...statCells(overall, true)]);
  blocks.push({
    kind: 'table',
    name: 'items',
    caption: caption('itemsCaption'),
    widths: [5, 36, 7, 7, 11, 7, 7, 11, 9],
    head: [
      [
        { text: t('no'), rowSpan: 2 },
        { text: t('statement'), rowSpan: 2 },
        { text: t('expectation'), colSpan: 3 },
        { text: t('satisfaction'), colSpan: 3 },
        { text: t('gap'), rowSpan: 2 },
      ],
      [
        { text: t('mean') },
        { text: t('sd') },
        { text: t('level') },
        { text: t('mean') },
        { text: t('sd') },
        { text: t('level') },
      ],
    ],
    rows: itemRows,
  });
  const ipa = p3.ipa;
  if (ipa.cut && ipa.points.length) {
    const chart = ipaSvg(ipa.points, ipa.cut, {
      x: t('ipaX'),
      y: t('ipaY'),
      quadrants: Object.fromEntries(QUADRANTS.map((q) => [q, t(`quadrant_${q}`)])) as Record<
        (typeof QUADRANTS)[number],
        string
      >,
      title: t('ipaTitle'),
    });
    blocks.push({ kind: 'chart', caption: t('ipaTitle'), ...chart });
    blocks.push({
      kind: 'paragraph',
      note: true,
      text: t('ipaCut', { x: ipa.cut.x.toFixed(2), y: ipa.cut.y.toFixed(2) }),
    });
    blocks.push({
      kind: 'table',
      name: 'quadrants',
      caption: caption('quadrantsCaption'),
      widths: [28, 72],
      head: [[{ text: t('quadrant') }, { text: t('items') }]],
      rows: QUADRANTS.map((q) => {
        const inside = ipa.points.filter((p) => p.quadrant === q);
        return [
          { text: t(`quadrant_${q}`), bold: q === 'concentrate' },
          { text: inside.length ? inside.map((p) => `${p.code}. ${tr(p.label, lang)}`).join('\n') : t('none') },
        ];
      }),
    });
  } else blocks.push({ kind: 'paragraph', note: true, text: t('ipaNone') });

  blocks.push({ kind: 'heading', level: 2, text: t('suggestions') });
  for (const s of p3.suggestions) {
    if (!s.answered) {
      blocks.push({ kind: 'paragraph', label: tr(s.title, lang), text: t('suggestionsNone') });
      continue;
    }
    blocks.push({
      kind: 'table',
      name: `suggestions-${s.question}`,
      caption: t('suggestionsLead', { title: tr(s.title, lang), count: count(s.answered) }),
      widths: [80, 20],
      head: [[{ text: t('suggestionText') }, { text: t('count') }]],
      rows: [
        ...s.topics.map((x) => [{ text: x.text }, { text: count(x.n), align: 'right' as const }]),
        ...(s.others ? [[{ text: t('suggestionOthers') }, { text: count(s.others), align: 'right' as const }]] : []),
      ],
    });
  }

  const cs = p3.complaints;
  blocks.push({ kind: 'heading', level: 2, text: t('complaints', { year: cs.fiscalYear }) });
  blocks.push({ kind: 'paragraph', text: t('complaintsLead', { total: count(cs.total), closed: count(cs.closed) }) });
  if (cs.daysToClose.median !== null)
    blocks.push({
      kind: 'paragraph',
      text: t('complaintsDays', {
        median: formatNumber(cs.daysToClose.median, lang, 1),
        mean: formatNumber(cs.daysToClose.mean ?? 0, lang, 1),
      }),
    });
  if (cs.withinPromise.of)
    blocks.push({
      kind: 'paragraph',
      text: t('complaintsWithin', {
        n: count(cs.withinPromise.n),
        of: count(cs.withinPromise.of),
        percent: two(cs.withinPromise.percent ?? 0),
      }),
    });
  const share = (n: number) => (cs.total ? two((n / cs.total) * 100) : '–');
  const statRows = (title: string, entries: [string, number][]): LayoutCell[][] => [
    [{ text: title, bold: true, colSpan: 3 }],
    ...entries.map(([label, n]) => [
      { text: label },
      { text: count(n), align: 'right' as const },
      { text: share(n), align: 'right' as const },
    ]),
  ];
  blocks.push({
    kind: 'table',
    name: 'complaints',
    caption: caption('complaintsCaption'),
    widths: [60, 20, 20],
    head: [[{ text: t('item') }, { text: t('countCases') }, { text: t('percent') }]],
    rows: [
      ...statRows(
        t('complaintsByType'),
        Object.entries(cs.byType).map(([k, n]) => [t(`type_${k}`), n]),
      ),
      ...statRows(
        t('complaintsByStatus'),
        Object.entries(cs.byStatus).map(([k, n]) => [t(`status_${k}`), n]),
      ),
      ...(cs.byUnit.length
        ? statRows(
            t('complaintsByUnit'),
            cs.byUnit.map((u) => [u.unit || t('unitNone'), u.n]),
          )
        : []),
    ],
  });

  // Part 4: how the results were used.
  const p4 = report.part4;
  blocks.push({ kind: 'heading', level: 1, text: t('part4'), part: 4 });
  if (p4.actions.length) {
    blocks.push({ kind: 'paragraph', text: t('part4Lead', { count: count(p4.actions.length) }) });
    blocks.push({
      kind: 'table',
      name: 'actions',
      caption: caption('actionsCaption'),
      widths: [4, 40, 18, 20, 18],
      head: [
        [
          { text: t('no') },
          { text: t('actionTitle') },
          { text: t('actionOwner') },
          { text: t('actionPeriod') },
          { text: `${t('actionStatus')} (${t('actionProgress')})` },
        ],
      ],
      rows: p4.actions.flatMap((a, i) => {
        const lines = [a.title, a.description].filter(Boolean);
        if (a.findings.length) lines.push(`${t('actionFindings')}: ${a.findings.map((f) => f.label).join('; ')}`);
        if (a.milestones.length)
          lines.push(
            `${t('actionMilestones')}: ${a.milestones
              .map(
                (m) =>
                  `${m.title}${m.doneOn ? ` (${t('milestoneDone', { date: day(m.doneOn) })})` : m.dueOn ? ` (${t('milestoneDue', { date: day(m.dueOn) })})` : ''}`,
              )
              .join('; ')}`,
          );
        return [
          [
            { text: String(i + 1), align: 'center' as const },
            { text: lines.join('\n') },
            { text: a.owner || '–' },
            { text: a.startsOn || a.endsOn ? `${day(a.startsOn)} – ${day(a.endsOn)}` : '–' },
            { text: `${t(`action_${a.status}`)} (${a.progress}%)` },
          ],
        ];
      }),
    });
  } else blocks.push({ kind: 'paragraph', text: t('actionsNone') });
  if (p4.addendum) {
    blocks.push({ kind: 'heading', level: 2, text: t('addendum') });
    for (const line of p4.addendum.split('\n').filter((l) => l.trim())) blocks.push({ kind: 'paragraph', text: line });
  }
  const sig = report.office.signatures;
  blocks.push({
    kind: 'signatures',
    date: t('printedOn', { date: formatDate(localIsoDay(new Date(report.generatedAt), OFFICE_TIME_ZONE), lang) }),
    signers: [
      { role: t('signReporter'), name: sig.reporter.name, position: sig.reporter.position, line: t('signLine') },
      { role: t('signDirector'), name: sig.director.name, position: sig.director.position, line: t('signLine') },
    ],
  });
  return { lang, title: `${t('title')} ${t('fy', { year: report.fiscalYear })}`, office, blocks, t };
}
