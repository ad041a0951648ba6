/**
 * Committees and working groups with the representatives of stakeholder groups (announcement
 * 2.3): what an admin edits (`PUT /api/v1/committees/:id`) and what the public page may show.
 * A member's contact is kept for the office only and never leaves the staff routes.
 */
import * as v from 'valibot';
import { groupId, isoDate, uuid } from './activities.js';

const text = (max: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max),
    v.check((s) => !s.includes('\u0000'), 'text must not contain U+0000'),
  );
const both = (max: number) => v.strictObject({ th: text(max), en: text(max) });

/** A committee or a working group. */
export const COMMITTEE_KINDS = ['committee', 'working_group'] as const;

/** One member as an admin edits it. */
export const memberSchema = v.strictObject({
  name: v.pipe(text(200), v.minLength(1, 'a member needs a name')),
  /** Position in the committee (ประธาน, กรรมการ, กรรมการและเลขานุการ …). */
  role: both(200),
  /** The stakeholder group represented (the register's group id), if any. */
  group: v.nullable(groupId),
  organisation: text(300),
  appointedOn: v.nullable(isoDate),
  endedOn: v.nullable(isoDate),
  /** Phone or e-mail for the office; never public. */
  contact: text(300),
});
export type MemberInput = v.InferOutput<typeof memberSchema>;

/** A committee as an admin edits it (members in their printed order). */
export const committeeSchema = v.strictObject({
  fiscalYear: v.pipe(v.number(), v.integer(), v.minValue(2500), v.maxValue(2700)),
  kind: v.picklist(COMMITTEE_KINDS),
  name: v.strictObject({ th: v.pipe(text(300), v.minLength(1, 'a committee needs a Thai name')), en: text(300) }),
  purpose: both(5_000),
  orderNumber: text(100),
  orderDate: v.nullable(isoDate),
  termFrom: v.nullable(isoDate),
  termTo: v.nullable(isoDate),
  /** Whether the appointment order is published: only then does the public page show it. */
  orderPublished: v.boolean(),
  /** The plan rows (their UUIDs) the committee serves. */
  planRowIds: v.pipe(v.array(uuid), v.maxLength(100)),
  members: v.pipe(v.array(memberSchema), v.maxLength(200)),
});
export type CommitteeInput = v.InferOutput<typeof committeeSchema>;

/** A committee as the staff routes return it. */
export interface Committee extends CommitteeInput {
  readonly id: number;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}
