/**
 * The staff screens' calls for the register and the plan (docs/participation.md): what the server
 * answers, file downloads and uploads. Loaded only with the staff screens.
 */
import type { PlanRow } from '../../../core/plan.js';
import type { Register } from '../../../core/register.js';
import type { LocalizedText } from '../../../core/survey.js';
import { currentEndpoint } from '../../sync-bridge.js';
import { ApiError } from '../api.js';

/** An item's or dimension's figures shown as a row's evidence. */
export interface EvidenceFigures {
  label: LocalizedText;
  expectation: number | null;
  satisfaction: number | null;
  value: number | null;
  gap: number | null;
}

/** A plan row as `GET /api/v1/plan` gives it. */
export type PlanRowView = PlanRow & { evidenceFigures: EvidenceFigures | null };

/** `GET /api/v1/plan`: the register of the year and its rows. */
export interface PlanView extends Register {
  rows: PlanRowView[];
}

/** The address of a download of the register or the plan. */
export async function fileUrl(what: 'plan' | 'register', fiscalYear: number, format: 'csv' | 'xlsx' | 'json') {
  return `${await currentEndpoint()}/${what}?fiscalYear=${fiscalYear}&format=${format}`;
}

/** Content types by file name. */
function typeOf(name: string): string {
  if (/\.csv$/i.test(name)) return 'text/csv';
  if (/\.xlsx$/i.test(name)) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return 'application/json';
}

/** What a refused file says: the row and column of the first problem. */
export interface FileProblem {
  message: string;
  row: number | null;
  column: string | null;
}

/** Uploads a CSV, XLSX or JSON file to an import route; throws ApiError (with `problem` on 422). */
export async function uploadFile(
  what: 'plan' | 'register' | 'actions',
  fiscalYear: number,
  file: File,
): Promise<unknown> {
  const base = await currentEndpoint();
  let response: Response;
  try {
    response = await fetch(`${base}/${what}/import?fiscalYear=${fiscalYear}`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': typeOf(file.name) },
      body: await file.arrayBuffer(),
    });
  } catch {
    throw new ApiError(0, 'offline');
  }
  const data = (await response.json().catch(() => ({}))) as Partial<FileProblem> & { error?: string };
  if (!response.ok) {
    const error = new ApiError(response.status, data.message ?? response.statusText, data.error);
    (error as ApiError & { problem?: FileProblem }).problem = {
      message: data.message ?? '',
      row: data.row ?? null,
      column: data.column ?? null,
    };
    throw error;
  }
  return data;
}

/** The fiscal year of `?fy=`, or the current one. */
export function yearOf(query: URLSearchParams, current: number): number {
  const fy = Number(query.get('fy'));
  return Number.isInteger(fy) && fy >= 2500 && fy <= 2700 ? fy : current;
}
