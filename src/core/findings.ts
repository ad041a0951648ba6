/**
 * Findings: what the year's data says needs attention, computed from the results and the
 * records, never typed in (docs/actions.md). Four kinds, each with a stable key that actions
 * link to: a rating item whose satisfaction x̄ is below its expectation x̄ (`gap`), an item in
 * the "concentrate here" quadrant of the importance–performance chart (`ipa`), a complaint topic
 * chosen twice or more in the fiscal year (`topic`), and an approved activity's result
 * (`activity`). Pure: the server gathers the figures (src/server/store/findings.ts).
 */
import { ipaCentre, ipaQuadrant } from './ipa.js';
import type { SurveyResults } from './results.js';
import type { LocalizedText } from './survey.js';

/** The kinds of findings, in the order the screen lists them. */
export const FINDING_KINDS = ['gap', 'ipa', 'topic', 'activity'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** A complaint topic counts as recurring from this many complaints in a fiscal year. */
export const RECURRING_TOPIC = 2;

/** The figures behind a finding (numbers are as the results publish them: 2 decimals). */
export type FindingFigures = Readonly<Record<string, number | string | null>>;

/** One finding, as `GET /api/v1/findings` gives it. */
export interface Finding {
  /** `gap:<surveyId>:<itemId>`, `ipa:<surveyId>:<itemId>`, `topic:<surveyId>:<value>`, `activity:<activityId>`. */
  key: string;
  kind: FindingKind;
  surveyId?: string;
  itemId?: string;
  /** The item's wording, the topic's option label, or the activity's title. */
  label: LocalizedText;
  /** The survey's title (gap, ipa, topic). */
  source?: LocalizedText;
  figures: FindingFigures;
  /** An activity's result as recorded. */
  detail?: string;
  /** Ids of the actions that answer it. */
  actions: string[];
}

/** A finding as an action keeps it: a copy of what it said when it was linked. */
export type FindingCopy = Omit<Finding, 'actions'>;

/** The key of a finding. */
export function findingKey(kind: FindingKind, ...parts: string[]): string {
  return [kind, ...parts].join(':');
}

/** The kind a key names, or undefined for a malformed key. */
export function kindOfKey(key: string): FindingKind | undefined {
  const kind = key.split(':', 1)[0];
  return (FINDING_KINDS as readonly string[]).includes(kind ?? '') ? (kind as FindingKind) : undefined;
}

/**
 * A survey's gap and IPA findings from its results (the figures the results screen shows): items
 * with a negative gap, most negative first, then the items of the "concentrate here" quadrant.
 * None when the selection is hidden (fewer respondents than the privacy threshold).
 */
export function surveyFindings(results: SurveyResults): FindingCopy[] {
  if (results.total === undefined) return [];
  const paired = results.items.filter(
    (i) => i.expectation?.mean !== undefined && i.satisfaction?.mean !== undefined && i.gap !== undefined,
  );
  const figures = (i: (typeof paired)[number]) => ({
    n: i.satisfaction?.n ?? null,
    expectation: i.expectation?.mean ?? null,
    satisfaction: i.satisfaction?.mean ?? null,
    gap: i.gap ?? null,
  });
  const base = (i: (typeof paired)[number]) => ({
    surveyId: results.surveyId,
    itemId: i.question,
    label: i.label,
    source: results.title,
  });
  const gaps: FindingCopy[] = paired
    .filter((i) => (i.gap ?? 0) < 0)
    .sort((a, b) => (a.gap ?? 0) - (b.gap ?? 0))
    .map((i) => ({
      key: findingKey('gap', results.surveyId, i.question),
      kind: 'gap',
      ...base(i),
      figures: figures(i),
    }));
  const points = paired.map((i) => ({ item: i, x: i.expectation?.mean as number, y: i.satisfaction?.mean as number }));
  const centre = ipaCentre(points);
  const ipa: FindingCopy[] = points
    .filter((p) => ipaQuadrant(p, centre) === 'concentrate')
    .map(({ item }) => ({
      key: findingKey('ipa', results.surveyId, item.question),
      kind: 'ipa',
      ...base(item),
      figures: { ...figures(item), centreExpectation: round2(centre.x), centreSatisfaction: round2(centre.y) },
    }));
  return [...gaps, ...ipa];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A complaint form's topic counts of a fiscal year as findings: those chosen `RECURRING_TOPIC`+ times. */
export function topicFindings(
  survey: { id: string; title: LocalizedText },
  options: readonly { value: string; label: LocalizedText }[],
  counts: readonly { value: string; n: number }[],
): FindingCopy[] {
  const total = counts.reduce((a, c) => a + c.n, 0);
  return counts
    .filter((c) => c.n >= RECURRING_TOPIC)
    .sort((a, b) => b.n - a.n || a.value.localeCompare(b.value))
    .map((c) => ({
      key: findingKey('topic', survey.id, c.value),
      kind: 'topic',
      surveyId: survey.id,
      label: options.find((o) => o.value === c.value)?.label ?? { th: c.value, en: c.value },
      source: survey.title,
      figures: { n: c.n, of: total },
    }));
}

/** An approved activity with a recorded result, as a finding. */
export function activityFinding(a: {
  id: string;
  title: string;
  heldOn: string;
  level: string;
  participants: number;
  result: string;
}): FindingCopy {
  return {
    key: findingKey('activity', a.id),
    kind: 'activity',
    label: { th: a.title, en: a.title },
    figures: { heldOn: a.heldOn, level: a.level, participants: a.participants },
    detail: a.result,
  };
}
