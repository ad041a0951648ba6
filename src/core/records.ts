/**
 * Responses as records (staff): where a response came from, whether it counts (a test or an
 * excluded response does not, nor a deleted one), and the shapes of the records API
 * (docs/results.md "Responses as records"). Shared by the server and the staff screens.
 */
import type { Answers } from './answers.js';
import type { SurveyDefinition } from './survey.js';

/** How a device says a response was collected (the sync protocol's optional `source`). */
export const DEVICE_SOURCES = ['link', 'kiosk', 'device'] as const;
export type DeviceSource = (typeof DEVICE_SOURCES)[number];

/** Where a stored response came from: a device's source, or a backup file imported by staff. */
export const RESPONSE_SOURCES = [...DEVICE_SOURCES, 'import'] as const;
export type ResponseSource = (typeof RESPONSE_SOURCES)[number];

/** Why a response does not count: marked as test data, or excluded with a reason. */
export const EXCLUSIONS = ['test', 'excluded'] as const;
export type Exclusion = (typeof EXCLUSIONS)[number];

/** The states a records list can be filtered by. */
export const RECORD_STATUSES = ['included', 'test', 'excluded', 'deleted', 'all'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** The reason a response made in training mode carries from the start. */
export const TRAINING_REASON = 'training';

/** At most this many characters of reason. */
export const MAX_REASON_LENGTH = 500;

/** At most this many responses in one bulk change. */
export const MAX_BULK_RECORDS = 1000;

/** One response in a records list. */
export interface RecordItem {
  id: string;
  version: number;
  completedAt: string;
  receivedAt: string;
  school: string | null;
  group: string | null;
  /** Null for responses stored before sources were recorded. */
  source: ResponseSource | null;
  exclusion: Exclusion | null;
  exclusionReason: string | null;
  exclusionBy: string | null;
  exclusionAt: string | null;
  deletedAt: string | null;
  deletedBy: string | null;
}

/** `GET /api/v1/surveys/:id/records`. */
export interface RecordList {
  total: number;
  items: RecordItem[];
}

/** `GET /api/v1/responses/:id`: one response with the survey version it was answered under. */
export interface RecordDetail extends RecordItem {
  surveyId: string;
  startedAt: string;
  locale: string;
  /** The version's definition without its personal questions (and lists cut to the answers). */
  survey: SurveyDefinition;
  /** The answers, without those to personal questions. */
  answers: Answers;
  /** How many personal questions were answered: those answers stay in the complaints inbox. */
  personalLeftOut: number;
}

/** The status of a record as one word (deleted wins over an exclusion). */
export function statusOf(item: Pick<RecordItem, 'exclusion' | 'deletedAt'>): Exclude<RecordStatus, 'all'> {
  if (item.deletedAt) return 'deleted';
  return item.exclusion ?? 'included';
}
