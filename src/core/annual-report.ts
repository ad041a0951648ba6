/**
 * The annual participation report (announcement 2.6, ITA o25) as plain data: the four parts the
 * ITA item asks for, built by the server (src/server/report/annual.ts) and written out as HTML
 * (annual-report-html.ts) or DOCX (src/server/report/docx.ts). docs/annual-report.md explains
 * where each figure comes from.
 */
import type { ComplaintStats } from './complaint-cases.js';
import type { ParticipationLevel } from './activities.js';
import type { BandSystem, Cell, GroupResult, ItemResult, SampleMethod, SchoolProgress } from './results.js';
import type { LocalizedText } from './survey.js';

/** A name and a position in the signature block. */
export interface Signatory {
  name: string;
  position: string;
}

/** Who signs the report: the reporter and the director. */
export interface ReportSignatures {
  reporter: Signatory;
  director: Signatory;
}

/** An ITA item as the office records it for a fiscal year. */
export interface ItaItem {
  code: string;
  title: LocalizedText;
  /** 'participation' marks the item the annual participation report is evidence for. */
  purpose: '' | 'participation';
  /** A default shipped with Siang that no administrator has confirmed. */
  seeded: boolean;
}

/** Where responses came from (`responses.source`; null is an answer sent before sources were kept). */
export type ResponseChannel = 'link' | 'kiosk' | 'device' | 'import' | 'unknown';

/** A respondent-profile table, as the results give it. */
import type { ProfileTable } from './results.js';

export type { ProfileTable };

/** The year's complaint statistics (src/server/store/complaint-stats.ts). */
export type { ComplaintStats };

/** The quadrants of the importance–performance chart. */
export type Quadrant = 'concentrate' | 'keep' | 'low' | 'overkill';
export const QUADRANTS: readonly Quadrant[] = ['concentrate', 'keep', 'low', 'overkill'];

/** An item placed on the importance–performance chart (x = expectation, y = satisfaction). */
export interface IpaPoint {
  code: string;
  question: string;
  label: LocalizedText;
  x: number;
  y: number;
  quadrant: Quadrant;
}

/** A recurring suggestion: answers that say the same thing (case and spacing aside). */
export interface SuggestionTopic {
  text: string;
  n: number;
}

/** One open question's answers, summarised. */
export interface SuggestionSummary {
  question: string;
  title: LocalizedText;
  answered: number;
  /** The most frequent answers, most frequent first. */
  topics: SuggestionTopic[];
  /** Answers not among `topics`. */
  others: number;
}

/** An approved activity of the year, with how many people took part. */
export interface ReportActivity {
  id: string;
  heldOn: string;
  title: string;
  place: string;
  attendance: number;
}

/** An improvement action of the year, with its milestones and the findings it answers. */
export interface ReportAction {
  id: string;
  title: string;
  description: string;
  owner: string;
  startsOn: string | null;
  endsOn: string | null;
  status: 'planned' | 'in_progress' | 'done' | 'delayed' | 'cancelled';
  progress: number;
  milestones: { title: string; dueOn: string | null; doneOn: string | null }[];
  findings: { key: string; label: string }[];
}

/** The whole report. */
export interface AnnualReport {
  surveyId: string;
  fiscalYear: number;
  /** Fiscal year days, `YYYY-MM-DD`. */
  period: { from: string; to: string };
  generatedAt: string;
  office: { name: LocalizedText; emblem: boolean; signatures: ReportSignatures };
  /** The ITA item of this fiscal year the report is evidence for, if the office has one. */
  ita: ItaItem | null;
  /** Schools the reader may see (null: the whole area). */
  schools: string[] | null;
  part1: {
    instrument: { title: LocalizedText; version: number };
    scale: { levels: 5; labels: LocalizedText[] };
    bandSystem: BandSystem;
    /** The band of each level, 5 first: lower and upper bound of the mean. */
    bands: { level: 1 | 2 | 3 | 4 | 5; from: number; to: number }[];
    sample: { method: SampleMethod; population: number; required: number; collected: number; schools: number };
    collection: { first: string | null; last: string | null; opensAt: string | null; closesAt: string | null };
    channels: { channel: ResponseChannel; n: number }[];
    /** The five levels of participation the office reports against. */
    levels: readonly ParticipationLevel[];
  };
  part2: {
    total?: number;
    hidden?: true;
    minCell: number;
    /** From the results' profile when it exists; else only the stakeholder group. */
    profile: ProfileTable[];
    byGroup: Cell[];
    bySchool: SchoolProgress[];
    activities: { level: ParticipationLevel; attendance: number; items: ReportActivity[] }[];
  };
  part3: {
    items: (ItemResult & { code: string })[];
    dimensions: GroupResult[];
    overall: GroupResult;
    ipa: { cut: { x: number; y: number } | null; points: IpaPoint[] };
    suggestions: SuggestionSummary[];
    complaints: ComplaintStats;
  };
  part4: {
    actions: ReportAction[];
    /** The free text of earlier versions of the report, kept as an addendum when written. */
    addendum: string | null;
  };
}

/**
 * Places items on the importance–performance chart: the cut lines are the means of the items'
 * expectation (importance) and satisfaction (performance) means; an item on a line counts as high.
 */
export function placeIpa(points: readonly Omit<IpaPoint, 'quadrant'>[]): AnnualReport['part3']['ipa'] {
  if (!points.length) return { cut: null, points: [] };
  const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
  const cut = { x: mean(points.map((p) => p.x)), y: mean(points.map((p) => p.y)) };
  return {
    cut,
    points: points.map((p) => {
      const important = p.x >= cut.x;
      const good = p.y >= cut.y;
      const quadrant: Quadrant = important ? (good ? 'keep' : 'concentrate') : good ? 'overkill' : 'low';
      return { ...p, quadrant };
    }),
  };
}

/** The mean bands of a band system, level 5 first (domain.md). */
export function bandsOf(system: BandSystem): AnnualReport['part1']['bands'] {
  const lower = system === 'A' ? [4.51, 3.51, 2.51, 1.51, 1] : [4.21, 3.41, 2.61, 1.81, 1];
  return ([5, 4, 3, 2, 1] as const).map((level, i) => ({
    level,
    from: lower[i] as number,
    to: i === 0 ? 5 : Math.round(((lower[i - 1] as number) - 0.01) * 100) / 100,
  }));
}
