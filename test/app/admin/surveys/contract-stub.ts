/**
 * A stand-in for the office's server on the network, answering the survey routes of the issue 10
 * contract (docs in /work/wt/_brief/common.md, docs/api.md) from memory, so the builder's screens
 * are tested without a server. Only `fetch` is replaced; the app's own modules run as they are.
 * (The screenshots of the builder use it behind a tiny HTTP server the same way.)
 */
import shipped from '../../../../src/content/surveys/stakeholder-satisfaction.json';
import type { SurveyDefinition } from '../../../../src/core/survey.js';

type Json = Record<string, unknown>;

interface Stored {
  published: { definition: SurveyDefinition; publishedAt: string; publishedBy: string; responses: number }[];
  draft?: { definition: SurveyDefinition; revision: number; updatedAt: string; updatedBy: string } | undefined;
  window: { opensAt: string | null; closesAt: string | null; closedAt: string | null };
  open: boolean;
}

/** One request as the page sent it. */
export interface SentRequest {
  method: string;
  path: string;
  body: unknown;
}

/** The in-memory server. */
export class ContractStub {
  readonly surveys = new Map<string, Stored>();
  readonly requests: SentRequest[] = [];
  /** When true, every request fails as a dropped connection does. */
  offline = false;
  /** Who the server says saved a draft. */
  user = 'somchai';
  /** The changes the diff route answers. */
  changes: {
    severity: 'safe' | 'breaking';
    code: string;
    path: string;
    question?: string;
    option?: string;
    before?: unknown;
    after?: unknown;
  }[] = [];
  /** What the XLSForm import route answers. */
  importAnswer: { status: number; body: Json } = { status: 422, body: { error: 'invalid_xlsform', problems: [] } };

  /** A published survey with `responses` per version. */
  publish(definition: SurveyDefinition, responses = 0, at = '2026-11-20T02:02:00.000Z'): void {
    const s = this.stored(definition.id);
    s.published.push({ definition, publishedAt: at, publishedBy: 'admin', responses });
    s.open = true;
  }

  /** A draft saved by `by` (another admin, say) at `revision`. */
  saveDraftAs(definition: SurveyDefinition, by: string, updatedAt = new Date().toISOString()): number {
    const s = this.stored(definition.id);
    const revision = (s.draft?.revision ?? 0) + 1;
    s.draft = { definition, revision, updatedAt, updatedBy: by };
    return revision;
  }

  /** The requests to a path, by method. */
  sent(method: string, path: string | RegExp): SentRequest[] {
    return this.requests.filter(
      (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  }

  /** This server as the page's `fetch` (tests put it in place with `vi.stubGlobal`). */
  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => this.handle(input, init);

  private stored(id: string): Stored {
    let s = this.surveys.get(id);
    if (!s) {
      s = { published: [], window: { opensAt: null, closesAt: null, closedAt: null }, open: false };
      this.surveys.set(id, s);
    }
    return s;
  }

  private async handle(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost:3000');
    const method = (init?.method ?? 'GET').toUpperCase();
    const raw = init?.body;
    const body = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
    const path = url.pathname + url.search;
    if (url.pathname !== '/config.json') this.requests.push({ method, path, body });
    if (this.offline) throw new TypeError('Failed to fetch');
    const [status, answer] = this.route(method, url, body);
    return new Response(status === 204 ? null : JSON.stringify(answer), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  }

  private route(method: string, url: URL, body: unknown): [number, unknown] {
    const p = url.pathname;
    if (p === '/surveys/index.json')
      return [
        200,
        [{ id: shipped.id, version: 1, kind: 'survey', title: shipped.title, file: 'surveys/shipped-1.json' }],
      ];
    if (p === '/surveys/shipped-1.json') return [200, shipped];
    if (!p.startsWith('/api/v1/')) return [404, { error: 'not_found' }];
    const rest = p.slice('/api/v1'.length);
    if (method === 'GET' && rest === '/admin/surveys')
      return [200, { surveys: [...this.surveys.keys()].map((id) => this.entry(id)) }];
    if (method === 'POST' && rest === '/surveys/import') return [this.importAnswer.status, this.importAnswer.body];
    if (method === 'POST' && rest === '/surveys') return this.save(body as Json);
    const m = /^\/surveys\/([^/]+)(?:\/(draft|diff|publish|open|close|window))?$/.exec(rest);
    if (!m?.[1]) return [404, { error: 'not_found' }];
    const id = decodeURIComponent(m[1]);
    const s = this.surveys.get(id);
    const latest = s?.published.at(-1);
    switch (`${method} ${m[2] ?? ''}`) {
      case 'GET ':
        return latest ? [200, latest.definition] : [404, { error: 'not_found' }];
      case 'GET draft':
        return s?.draft ? [200, { ...s.draft, problems: [] }] : [404, { error: 'not_found' }];
      case 'DELETE draft':
        if (s) s.draft = undefined;
        return [204, null];
      case 'GET diff':
        return [200, { base: latest?.definition.version ?? null, changes: this.changes }];
      case 'POST publish': {
        if (!s?.draft) return [404, { error: 'not_found' }];
        const { confirmBreaking } = body as { confirmBreaking?: boolean };
        if (this.changes.some((c) => c.severity === 'breaking') && !confirmBreaking)
          return [409, { error: 'breaking_changes', changes: this.changes }];
        const version = (latest?.definition.version ?? 0) + 1;
        s.published.push({
          definition: { ...s.draft.definition, version },
          publishedAt: new Date().toISOString(),
          publishedBy: this.user,
          responses: 0,
        });
        s.draft = undefined;
        return [200, { id, version, changes: this.changes }];
      }
      case 'POST open':
      case 'POST close':
        if (!s) return [404, { error: 'not_found' }];
        s.open = m[2] === 'open';
        s.window.closedAt = s.open ? null : new Date().toISOString();
        return [200, { id, open: s.open }];
      case 'PUT window': {
        if (!s) return [404, { error: 'not_found' }];
        const w = body as { opensAt: string | null; closesAt: string | null };
        s.window = { ...s.window, opensAt: w.opensAt, closesAt: w.closesAt };
        return [200, { id, window: s.window }];
      }
      default:
        return [404, { error: 'not_found' }];
    }
  }

  private save(body: Json): [number, unknown] {
    const definition = (body.definition ?? body) as SurveyDefinition;
    const s = this.stored(definition.id);
    if (s.draft && body.revision !== s.draft.revision)
      return [
        409,
        {
          error: 'conflict',
          message: 'the draft was saved by someone else',
          current: { revision: s.draft.revision, updatedAt: s.draft.updatedAt, updatedBy: s.draft.updatedBy },
        },
      ];
    const revision = (s.draft?.revision ?? 0) + 1;
    const updatedAt = new Date().toISOString();
    s.draft = { definition, revision, updatedAt, updatedBy: this.user };
    return [200, { id: definition.id, revision, updatedAt, problems: [] }];
  }

  private entry(id: string) {
    const s = this.stored(id);
    const latest = s.published.at(-1);
    const title = (s.draft?.definition ?? latest?.definition)?.title;
    const now = Date.now();
    const scheduled = s.window.opensAt !== null && Date.parse(s.window.opensAt) > now;
    return {
      id,
      kind: (latest ?? s.draft)?.definition.kind ?? 'survey',
      title,
      state: !latest ? 'draft' : !s.open ? 'closed' : scheduled ? 'scheduled' : 'open',
      latestVersion: latest?.definition.version ?? null,
      versions: s.published.map((v) => ({
        version: v.definition.version,
        publishedAt: v.publishedAt,
        publishedBy: v.publishedBy,
        responses: v.responses,
      })),
      draft: s.draft
        ? { revision: s.draft.revision, updatedAt: s.draft.updatedAt, updatedBy: s.draft.updatedBy }
        : null,
      window: s.window,
      responses: s.published.reduce((n, v) => n + v.responses, 0),
      changedAt: s.draft?.updatedAt ?? latest?.publishedAt ?? null,
      changedBy: s.draft?.updatedBy ?? latest?.publishedBy ?? null,
    };
  }
}
