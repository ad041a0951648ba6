/**
 * Versioned schema migrations, the same SQL for PGlite and PostgreSQL. Run at start, in order,
 * each in its own transaction; a migration is only ever added, never edited.
 */
import type { Db } from './database.js';

/** One schema change. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /**
   * Run once the migration is committed, outside a transaction, by the server that applied it:
   * VACUUM after rewriting every row (PGlite has no autovacuum to reclaim the old row versions).
   */
  readonly afterwards?: string;
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'surveys and responses',
    sql: `
      CREATE TABLE surveys (
        id text NOT NULL,
        version integer NOT NULL,
        kind text NOT NULL,
        definition jsonb NOT NULL,
        checksum text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, version)
      );
      CREATE TABLE responses (
        id uuid PRIMARY KEY,
        survey_id text NOT NULL,
        survey_version integer NOT NULL,
        answers jsonb NOT NULL,
        started_at timestamptz NOT NULL,
        completed_at timestamptz NOT NULL,
        locale text NOT NULL,
        app_version text NOT NULL,
        privacy_version text NOT NULL,
        privacy_accepted_at timestamptz NOT NULL,
        content_hash text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (survey_id, survey_version) REFERENCES surveys (id, version)
      );
      CREATE INDEX responses_survey ON responses (survey_id, survey_version);
      CREATE INDEX responses_completed ON responses (survey_id, completed_at);
    `,
  },
  {
    version: 2,
    name: 'staff, sessions, tokens, breakdowns, complaints handling, reports',
    sql: `
      CREATE TABLE users (
        name text PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('admin', 'supervisor')),
        password_hash text NOT NULL,
        schools text[],
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_name text NOT NULL REFERENCES users (name) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE TABLE api_tokens (
        token_hash text PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'supervisor')),
        schools text[],
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      ALTER TABLE responses ADD COLUMN school text;
      ALTER TABLE responses ADD COLUMN respondent_group text;
      UPDATE responses SET school = answers ->> 'school', respondent_group = answers ->> 'group';
      CREATE INDEX responses_school ON responses (survey_id, school);
      CREATE TABLE complaint_handling (
        response_id uuid PRIMARY KEY REFERENCES responses (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'answered', 'closed')),
        note text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      );
      CREATE TABLE report_texts (
        survey_id text NOT NULL,
        fiscal_year integer NOT NULL,
        usage text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        PRIMARY KEY (survey_id, fiscal_year)
      );
      CREATE TABLE school_targets (
        survey_id text NOT NULL,
        school text NOT NULL,
        population integer NOT NULL CHECK (population >= 0),
        PRIMARY KEY (survey_id, school)
      );
      CREATE TABLE office_settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'retention purges',
    sql: `
      CREATE TABLE retention_purges (
        id bigserial PRIMARY KEY,
        ran_at timestamptz NOT NULL DEFAULT now(),
        ran_by text NOT NULL,
        responses_older_than text NOT NULL,
        responses_cutoff timestamptz NOT NULL,
        contacts_older_than text,
        contacts_cutoff timestamptz,
        responses_deleted integer NOT NULL,
        complaint_handling_deleted integer NOT NULL,
        contacts_anonymised integer NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'rating values beside the answers',
    // The layout of src/server/store/rating-values.ts (ratingSlots, ratingValues), in SQL: each
    // version's rating questions that are not personal, in order, a pair as expectation then
    // satisfaction; a whole 1–5 or null per slot. Versions without rating questions get '{}'.
    sql: `
      ALTER TABLE responses ADD COLUMN rating_values smallint[];
      WITH slots AS (
        SELECT d.id, d.version, q.question ->> 'id' AS question, p.part,
               row_number() OVER (PARTITION BY d.id, d.version ORDER BY s.n, q.n, p.n) AS slot
        FROM surveys d,
             jsonb_array_elements(d.definition -> 'sections') WITH ORDINALITY AS s(section, n),
             jsonb_array_elements(s.section -> 'questions') WITH ORDINALITY AS q(question, n),
             unnest(CASE q.question ->> 'type' WHEN 'rating' THEN ARRAY['value']
                    ELSE ARRAY['expectation', 'satisfaction'] END) WITH ORDINALITY AS p(part, n)
        WHERE q.question ->> 'type' IN ('rating', 'rating-pair')
          AND coalesce(q.question -> 'personal', 'false') <> 'true'
      ),
      layouts AS (
        SELECT id, version, array_agg(question ORDER BY slot) AS questions, array_agg(part ORDER BY slot) AS parts
        FROM slots GROUP BY id, version
      )
      UPDATE responses r SET rating_values = ARRAY(
        SELECT CASE CASE l.parts[k] WHEN 'value' THEN r.answers -> l.questions[k] #>> '{}'
                         ELSE r.answers -> l.questions[k] ->> l.parts[k] END
                 WHEN '1' THEN 1 WHEN '2' THEN 2 WHEN '3' THEN 3 WHEN '4' THEN 4 WHEN '5' THEN 5 END
        FROM generate_subscripts(l.questions, 1) AS k ORDER BY k)::smallint[]
      FROM layouts l WHERE l.id = r.survey_id AND l.version = r.survey_version;
      UPDATE responses SET rating_values = '{}' WHERE rating_values IS NULL;
      ALTER TABLE responses ALTER COLUMN rating_values SET NOT NULL;
    `,
    afterwards: 'VACUUM (ANALYZE) responses',
  },
  {
    version: 5,
    name: 'API tokens: an id to list and revoke them by, an expiry, the last use',
    sql: `
      ALTER TABLE api_tokens ADD COLUMN id bigserial;
      CREATE UNIQUE INDEX api_tokens_id ON api_tokens (id);
      ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
      ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
    `,
  },
  {
    version: 6,
    name: 'the office runs Siang itself: survey drafts and windows, responses as records, staff accounts, audit log',
    sql: `
      CREATE TABLE survey_drafts (
        id text PRIMARY KEY,
        definition jsonb NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      );
      CREATE TABLE survey_windows (
        id text PRIMARY KEY,
        opens_at timestamptz,
        closes_at timestamptz,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      );
      ALTER TABLE surveys ADD COLUMN published_by text;
      ALTER TABLE responses ADD COLUMN source text;
      ALTER TABLE responses ADD COLUMN exclusion text CHECK (exclusion IN ('test', 'excluded'));
      ALTER TABLE responses ADD COLUMN exclusion_reason text;
      ALTER TABLE responses ADD COLUMN exclusion_at timestamptz;
      ALTER TABLE responses ADD COLUMN exclusion_by text;
      ALTER TABLE responses ADD COLUMN deleted_at timestamptz;
      ALTER TABLE responses ADD COLUMN deleted_by text;
      ALTER TABLE users ADD COLUMN disabled_at timestamptz;
      ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
      ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
      CREATE TABLE password_links (
        token_hash text PRIMARY KEY,
        user_name text NOT NULL REFERENCES users (name) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text,
        action text NOT NULL,
        target text,
        details jsonb NOT NULL DEFAULT '{}',
        address text
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_action ON audit_log (action, at);
    `,
  },
  {
    version: 7,
    name: 'stakeholder register and participation plan (announcement 2.1, 2.2)',
    sql: `
      CREATE TABLE plan_missions (
        fiscal_year integer NOT NULL,
        code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('mission', 'strategy')),
        title_th text NOT NULL,
        title_en text NOT NULL,
        source text NOT NULL DEFAULT '',
        position integer NOT NULL,
        PRIMARY KEY (fiscal_year, code)
      );
      CREATE TABLE stakeholder_groups (
        fiscal_year integer NOT NULL,
        id text NOT NULL,
        name_th text NOT NULL,
        name_en text NOT NULL,
        definition text NOT NULL DEFAULT '',
        kind text NOT NULL CHECK (kind IN ('recipient', 'stakeholder')),
        population integer CHECK (population >= 0),
        interest smallint NOT NULL CHECK (interest BETWEEN 1 AND 3),
        influence smallint NOT NULL CHECK (influence BETWEEN 1 AND 3),
        position integer NOT NULL,
        PRIMARY KEY (fiscal_year, id)
      );
      CREATE TABLE mission_groups (
        fiscal_year integer NOT NULL,
        mission text NOT NULL,
        group_id text NOT NULL,
        reason text NOT NULL DEFAULT '',
        PRIMARY KEY (fiscal_year, mission, group_id),
        FOREIGN KEY (fiscal_year, mission) REFERENCES plan_missions (fiscal_year, code) ON DELETE CASCADE,
        FOREIGN KEY (fiscal_year, group_id) REFERENCES stakeholder_groups (fiscal_year, id) ON DELETE CASCADE
      );
      CREATE TABLE participation_channels (
        id text PRIMARY KEY,
        name_th text NOT NULL,
        name_en text NOT NULL,
        position integer NOT NULL
      );
      CREATE TABLE plan_rows (
        id uuid PRIMARY KEY,
        fiscal_year integer NOT NULL,
        mission text NOT NULL,
        group_id text NOT NULL,
        level text NOT NULL CHECK (level IN ('inform', 'consult', 'involve', 'collaborate', 'empower')),
        expectation text NOT NULL DEFAULT '',
        evidence jsonb,
        channels text[] NOT NULL DEFAULT '{}',
        frequency text NOT NULL DEFAULT '',
        practice text NOT NULL DEFAULT '',
        indicator_what text NOT NULL DEFAULT '',
        indicator_target numeric,
        indicator_unit text NOT NULL DEFAULT '',
        indicator_source jsonb NOT NULL DEFAULT '{"kind": "manual"}',
        responsible_unit text NOT NULL DEFAULT '',
        responsible_person text NOT NULL DEFAULT '',
        note text NOT NULL DEFAULT '',
        state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'approved', 'published')),
        approved_by text,
        approved_position text,
        approved_on date,
        published_at timestamptz,
        position integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        CONSTRAINT plan_rows_key UNIQUE (fiscal_year, mission, group_id, level) DEFERRABLE INITIALLY IMMEDIATE,
        FOREIGN KEY (fiscal_year, mission) REFERENCES plan_missions (fiscal_year, code),
        FOREIGN KEY (fiscal_year, group_id) REFERENCES stakeholder_groups (fiscal_year, id),
        CHECK (state = 'draft' OR (approved_by IS NOT NULL AND approved_on IS NOT NULL)),
        CHECK (state <> 'published' OR published_at IS NOT NULL)
      );
      CREATE INDEX plan_rows_year ON plan_rows (fiscal_year, state);
      CREATE TABLE plan_progress (
        plan_row_id uuid NOT NULL REFERENCES plan_rows (id) ON DELETE CASCADE,
        round smallint NOT NULL CHECK (round IN (6, 12)),
        value numeric,
        problem text NOT NULL DEFAULT '',
        done text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        PRIMARY KEY (plan_row_id, round)
      );
    `,
  },
  {
    version: 8,
    name: 'committees and their members, participation activities with attachments, activity devices',
    // Plan rows (migration 7) are referred to by their uuid without a foreign key, and groups by
    // their text id: an activity queued on a tablet for a row since removed must still arrive
    // (exactly once, never refused), and removing a plan row never touches logged activities. Attachments are kept in the database
    // (bytea): one backup, one transaction with their activity, any number of server processes.
    sql: `
      CREATE TABLE committees (
        id bigserial PRIMARY KEY,
        fiscal_year integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('committee', 'working_group')),
        name_th text NOT NULL,
        name_en text NOT NULL DEFAULT '',
        purpose_th text NOT NULL DEFAULT '',
        purpose_en text NOT NULL DEFAULT '',
        order_number text NOT NULL DEFAULT '',
        order_date date,
        term_from date,
        term_to date,
        order_published boolean NOT NULL DEFAULT false,
        plan_row_ids uuid[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      );
      CREATE INDEX committees_fiscal_year ON committees (fiscal_year);
      CREATE TABLE committee_members (
        id bigserial PRIMARY KEY,
        committee_id bigint NOT NULL REFERENCES committees (id) ON DELETE CASCADE,
        position integer NOT NULL,
        name text NOT NULL,
        role_th text NOT NULL DEFAULT '',
        role_en text NOT NULL DEFAULT '',
        group_id text,
        organisation text NOT NULL DEFAULT '',
        appointed_on date,
        ended_on date,
        contact text NOT NULL DEFAULT ''
      );
      CREATE INDEX committee_members_committee ON committee_members (committee_id, position);
      CREATE TABLE activity_devices (
        id bigserial PRIMARY KEY,
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        last_used_at timestamptz,
        revoked_at timestamptz,
        revoked_by text
      );
      CREATE TABLE activities (
        id uuid PRIMARY KEY,
        fiscal_year integer NOT NULL,
        held_on date NOT NULL,
        title text NOT NULL,
        place text NOT NULL DEFAULT '',
        plan_row_id uuid,
        level text NOT NULL CHECK (level IN ('inform', 'consult', 'involve', 'collaborate', 'empower')),
        groups text[] NOT NULL DEFAULT '{}',
        participants jsonb NOT NULL DEFAULT '{}',
        contributions text NOT NULL DEFAULT '',
        summary text NOT NULL DEFAULT '',
        result text NOT NULL DEFAULT '',
        follow_up text NOT NULL DEFAULT '',
        public boolean NOT NULL DEFAULT false,
        manifest jsonb NOT NULL DEFAULT '[]',
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        sent_by text NOT NULL,
        device_id bigint,
        received_at timestamptz NOT NULL DEFAULT now(),
        content_hash text NOT NULL,
        updated_at timestamptz,
        updated_by text,
        approved_by text,
        approved_position text,
        approved_at timestamptz
      );
      CREATE INDEX activities_fiscal_year ON activities (fiscal_year, held_on);
      CREATE TABLE activity_attachments (
        id uuid PRIMARY KEY,
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('photo', 'signin', 'minutes', 'other')),
        name text NOT NULL DEFAULT '',
        type text NOT NULL,
        size integer NOT NULL,
        sha256 text NOT NULL,
        data bytea NOT NULL,
        public boolean NOT NULL DEFAULT false,
        taken_at date,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        uploaded_by text NOT NULL
      );
      CREATE INDEX activity_attachments_activity ON activity_attachments (activity_id);
    `,
  },
  {
    version: 9,
    name: 'published survey summaries for the public page',
    // Which surveys' summaries the office publishes on the public page, per fiscal year (BE).
    sql: `
      CREATE TABLE public_summaries (
        survey_id text NOT NULL,
        fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
        items boolean NOT NULL DEFAULT false,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by text NOT NULL,
        PRIMARY KEY (survey_id, fiscal_year)
      );
    `,
  },
  {
    version: 10,
    name: 'complaints as cases: receipt numbers, type, assignee, due date, public reply, history, reply templates',
    // A complaint's receipt number is made on the sender's device (shown at once, offline) and
    // sent with the response; the server keeps it unique. A case's history is append-only; its
    // public reply is what /track shows, the note never leaves the office.
    sql: `
      ALTER TABLE responses ADD COLUMN receipt_code text;
      CREATE UNIQUE INDEX responses_receipt_code ON responses (receipt_code) WHERE receipt_code IS NOT NULL;
      ALTER TABLE complaint_handling
        ADD COLUMN case_type text CHECK (case_type IN ('complaint', 'suggestion', 'compliment', 'information', 'misconduct')),
        ADD COLUMN assignee_unit text,
        ADD COLUMN assignee_user text,
        ADD COLUMN due_on date,
        ADD COLUMN public_reply text NOT NULL DEFAULT '',
        ADD COLUMN public_reply_at timestamptz,
        ADD COLUMN seen_at timestamptz,
        ADD COLUMN closed_at timestamptz;
      CREATE TABLE complaint_events (
        id bigserial PRIMARY KEY,
        response_id uuid NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        by_user text,
        kind text NOT NULL,
        status text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX complaint_events_response ON complaint_events (response_id, at);
      CREATE TABLE complaint_reply_templates (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        body text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      );
    `,
  },
  {
    version: 11,
    name: 'improvement actions ("you said, we did") with milestones and the findings they answer',
    // A finding is computed from the data (a survey item's gap, a quadrant of the importance-
    // performance chart, a recurring complaint topic, an activity's result); an action keeps the
    // key of each finding it answers and a copy of what the finding said when it was linked.
    sql: `
      CREATE TABLE improvement_actions (
        id uuid PRIMARY KEY,
        fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        owner text NOT NULL DEFAULT '',
        starts_on date,
        ends_on date,
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'delayed', 'cancelled')),
        progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        public boolean NOT NULL DEFAULT false,
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      );
      CREATE INDEX improvement_actions_year ON improvement_actions (fiscal_year);
      CREATE TABLE action_milestones (
        id uuid PRIMARY KEY,
        action_id uuid NOT NULL REFERENCES improvement_actions (id) ON DELETE CASCADE,
        position integer NOT NULL,
        title text NOT NULL,
        due_on date,
        done_on date
      );
      CREATE INDEX action_milestones_action ON action_milestones (action_id, position);
      CREATE TABLE action_findings (
        action_id uuid NOT NULL REFERENCES improvement_actions (id) ON DELETE CASCADE,
        finding_key text NOT NULL,
        finding jsonb NOT NULL,
        PRIMARY KEY (action_id, finding_key)
      );
    `,
  },
  {
    version: 12,
    name: 'annual report: office emblem, ITA item codes and titles per fiscal year',
    // The emblem or letterhead printed at the top of the annual report (one image, checked by its
    // first bytes). ITA item codes and titles change every year, so they are data an administrator
    // edits, seeded with the participation item (o25) of the years Siang knows; `seeded` marks a
    // default nobody has confirmed yet.
    sql: `
      CREATE TABLE office_assets (
        key text PRIMARY KEY CHECK (key IN ('emblem')),
        type text NOT NULL CHECK (type IN ('image/png', 'image/jpeg')),
        size integer NOT NULL,
        sha256 text NOT NULL,
        data bytea NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      );
      CREATE TABLE ita_items (
        fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
        code text NOT NULL,
        title_th text NOT NULL,
        title_en text NOT NULL DEFAULT '',
        purpose text NOT NULL DEFAULT '' CHECK (purpose IN ('', 'participation')),
        seeded boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        PRIMARY KEY (fiscal_year, code)
      );
      INSERT INTO ita_items (fiscal_year, code, title_th, title_en, purpose, seeded) VALUES
        (2569, 'o25', 'การเปิดโอกาสให้เกิดการมีส่วนร่วม', 'Opening opportunities for participation', 'participation', true),
        (2570, 'o25', 'การเปิดโอกาสให้เกิดการมีส่วนร่วม', 'Opening opportunities for participation', 'participation', true);
    `,
  },
];

// Any constant works; it only has to be the same for every server process.
const MIGRATION_LOCK = 7_411_203;

/** Brings the schema up to date; safe when several servers start at once on one PostgreSQL. */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const applied = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
  for (const m of migrations) if (m.afterwards && applied.includes(m.version)) await db.exec(m.afterwards);
  return applied;
}
