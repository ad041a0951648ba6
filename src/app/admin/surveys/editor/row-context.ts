/** What every question row of the editor shares: stable callbacks and survey-wide lists. */
import type { Dimension, Question, SurveyDefinition } from '../../../../core/survey.js';
import type { RowWindow } from './row-window.js';

/** Where a question is: section index, question index. */
export interface At {
  readonly s: number;
  readonly q: number;
}

/** The editor's actions and survey-wide facts, passed to each row (stable while they do not change). */
export interface RowContext {
  /** Replaces a question; edits with the same `coalesce` key in a row make one undo step. */
  edit(at: At, fn: (q: Question) => Question, coalesce?: string): void;
  /** Renames a question and the conditions that name it; returns an error key when refused. */
  rename(at: At, id: string): string | undefined;
  remove(at: At): void;
  duplicate(at: At): void;
  shift(at: At, by: -1 | 1): void;
  moveTo(at: At, section: number): void;
  dragStart(at: At): void;
  drop(at: At): void;
  toggleConditions(id: string): void;
  announce(text: string): void;
  dimensions: readonly Dimension[];
  listNames: readonly string[];
  sectionTitles: readonly string[];
  /** Ids of questions already in a published version (their ids are fixed). */
  publishedIds: ReadonlySet<string>;
  /** Ids of the questions whose conditions are open (they get the whole survey). */
  open: ReadonlySet<string>;
  /** On a long survey, which rows hold their fields (the others are stand-ins); none on a short one. */
  rowWindow: RowWindow | undefined;
}

/** The survey handed to a row only while its conditions are open (so other rows stay memoised). */
export type SurveyWhenOpen = SurveyDefinition | undefined;
