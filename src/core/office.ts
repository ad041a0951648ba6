/** What anyone may know about the office: its name and how to reach its data protection officer. */
import type { LocalizedText } from './survey.js';

/** How respondents reach the office's data protection officer; an empty string is not set. */
export interface DpoContact {
  readonly phone: string;
  readonly email: string;
  readonly address: string;
}

/** What a complaint's sender is promised: a reply within `days` working days; a phone to follow up. */
export interface ReplyPromise {
  readonly days: number;
  /** The office's phone for following up a complaint; an empty string is not set. */
  readonly phone: string;
}

/** The office as the privacy notices and the complaint thank-you present it (`GET /api/v1/office/contact`). */
export interface PublicOffice {
  readonly name: LocalizedText;
  readonly dpo: DpoContact;
  /** Absent from servers older than the complaint receipts (and from copies a device kept from them). */
  readonly reply?: ReplyPromise;
}

/** Whether any way of reaching the DPO is set. */
export function hasDpoContact(dpo: DpoContact | undefined): dpo is DpoContact {
  return !!dpo && [dpo.phone, dpo.email, dpo.address].some((s) => s.trim() !== '');
}
