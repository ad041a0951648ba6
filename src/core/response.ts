/**
 * A completed response as the device keeps it and the server receives it: the answers plus what
 * is needed to read them later (survey id and version, notice version, times, locale).
 */
import type { AnswerValue } from './answers.js';
import type { Lang } from './survey.js';

/** A response a person submitted. Never changed after completion. */
export interface CompletedResponse {
  /** UUID made on the device. */
  readonly id: string;
  readonly surveyId: string;
  readonly surveyVersion: number;
  readonly answers: Readonly<Record<string, AnswerValue>>;
  /** ISO timestamps. */
  readonly startedAt: string;
  readonly completedAt: string;
  readonly locale: Lang;
  readonly appVersion: string;
  /** Which privacy notice the person accepted, and when. */
  readonly privacyVersion: string;
  readonly privacyAcceptedAt: string;
  /** How it was collected: a survey link, a kiosk, or the device's own survey list. */
  readonly source?: 'link' | 'kiosk' | 'device';
  /** Made in training mode: stored as test data, never counted. */
  readonly training?: true;
  /** A complaint's receipt number (src/core/receipt.ts), made on the device when it was submitted. */
  readonly receiptCode?: string;
}
