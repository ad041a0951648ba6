/**
 * Importing an XLSForm (docs/xlsform.md), shared by `siang survey import` and
 * `POST /api/v1/surveys/import`: read the file, turn it into a survey, and publish it when asked.
 * A form that comes back changed under a version already published is published as the next
 * version, since XLSForm files rarely count their versions the way Siang does.
 */
import type { SurveyDefinition } from '../core/survey.js';
import { importXlsform, type XlsformImport } from '../core/xlsform.js';
import { checksumOf, type PublishedSurvey, type PublishOutcome } from './store/surveys.js';
import { readXlsformFile, XlsformFileError } from './xlsform-read.js';

/** Reads a workbook's bytes into a survey, or the problems that stop it (never throws for a bad file). */
export async function convertXlsform(bytes: Buffer, fallbackId?: string): Promise<XlsformImport> {
  try {
    return importXlsform(await readXlsformFile(bytes), fallbackId ? { fallbackId } : {});
  } catch (error) {
    if (!(error instanceof XlsformFileError)) throw error;
    return {
      problems: [
        { sheet: '(file)', message: error.message, code: 'unreadable_file', params: { detail: error.message } },
      ],
      warnings: [],
    };
  }
}

/** What publishing needs of the database, directly or through a running server's socket. */
export interface Publisher {
  publish(definition: unknown): Promise<PublishOutcome>;
  list(): Promise<PublishedSurvey[]>;
}

/** Publishes an imported survey; a version taken by other content moves to the next free one. */
export async function publishImported(publisher: Publisher, survey: SurveyDefinition): Promise<PublishOutcome> {
  const first = await publisher.publish(survey);
  if (first.status !== 'version_taken') return first;
  const versions = (await publisher.list()).filter((s) => s.id === survey.id);
  // The same content already published under another version is not published again. The
  // checksum is the store's own, over canonical JSON (PostgreSQL's jsonb reorders keys).
  const same = versions.find((s) => s.checksum === checksumOf({ ...survey, version: s.version }));
  if (same) return { status: 'unchanged', survey: same };
  const newest = Math.max(0, ...versions.map((s) => s.version));
  return publisher.publish({ ...survey, version: newest + 1 });
}
