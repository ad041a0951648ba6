/**
 * The audit log's vocabulary (issue: who did what, kept on the server, readable by admins). An
 * entry names the actor, the action and its target by id (a survey id, a response id, a user
 * name), never the personal data itself: "opened complaint X's contact", not the phone number.
 */

/** Every action the log records. */
export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'password_changed',
  'export',
  'contact_viewed',
  'survey_draft_saved',
  'survey_created',
  'survey_published',
  'survey_opened',
  'survey_closed',
  'survey_window_set',
  'survey_imported',
  'response_excluded',
  'response_included',
  'response_deleted',
  'response_restored',
  'user_added',
  'user_changed',
  'user_disabled',
  'user_enabled',
  'user_password_reset',
  'token_created',
  'token_revoked',
  'office_changed',
  'targets_changed',
  'report_text_changed',
  'backup_imported',
  'committee_saved',
  'committee_deleted',
  'activity_edited',
  'activity_approved',
  'activity_deleted',
  'attachment_downloaded',
  'attachment_changed',
  'attachment_deleted',
  'activity_device_created',
  'activity_device_revoked',
  'register_changed',
  'register_imported',
  'channels_changed',
  'plan_approved',
  'plan_published',
  'plan_unpublished',
  'plan_imported',
  'plan_copied_forward',
  'summary_published',
  'summary_unpublished',
  'action_created',
  'action_changed',
  'action_deleted',
  'action_published',
  'action_unpublished',
  'actions_imported',
  'complaint_changed',
  'complaint_template_saved',
  'complaint_template_deleted',
  'emblem_changed',
  'emblem_deleted',
  'ita_items_changed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One entry as the API returns it. */
export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  /** The staff name, `token:<id> <name>` for an API token, or null (a failed sign-in). */
  readonly actor: string | null;
  readonly action: AuditAction;
  readonly target: string | null;
  /** Counts, formats, filters, reasons: never answers or contact details. */
  readonly details: Readonly<Record<string, unknown>>;
  readonly address: string | null;
}
