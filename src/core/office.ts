/** What anyone may know about the office: its name and how to reach its data protection officer. */
import type { LocalizedText } from './survey.js';

/** How respondents reach the office's data protection officer; an empty string is not set. */
export interface DpoContact {
  readonly phone: string;
  readonly email: string;
  readonly address: string;
}

/** The office as the privacy notices present it (`GET /api/v1/office/contact`). */
export interface PublicOffice {
  readonly name: LocalizedText;
  readonly dpo: DpoContact;
}

/** Whether any way of reaching the DPO is set. */
export function hasDpoContact(dpo: DpoContact | undefined): dpo is DpoContact {
  return !!dpo && [dpo.phone, dpo.email, dpo.address].some((s) => s.trim() !== '');
}
