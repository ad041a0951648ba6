/**
 * `siang`: the office's command line. Works whether or not the server runs on the same DATA_DIR:
 * with a running server it talks to it over the control socket; otherwise it takes the data
 * directory's lock and opens the database itself. With DATABASE_URL it connects directly.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { BackupError, backupIsEncrypted, readBackup } from '../core/backup.js';
import type { CompletedResponse } from '../core/response.js';
import { readConfig, type ServerConfig } from './config.js';
import { loadSurveyFile } from './content.js';
import { controlSocketPath } from './control.js';
import { openDatabase } from './db/database.js';
import { migrate } from './db/migrations.js';
import { type ImportOutcome, importResponses, refuseUnsafeKeys } from './imports.js';
import { protectDataDir, restrictNewFiles } from './data-dir.js';
import { lockDataDir } from './lock.js';
import { type PurgeOutcome, type PurgeRequest, parsePeriod, purge } from './store/retention.js';
import { countResponses } from './store/submissions.js';
import {
  type ApiTokenInfo,
  addUser,
  createApiToken,
  listApiTokens,
  ROLES,
  type Role,
  revokeApiToken,
  tokenExpiry,
} from './store/staff.js';
import { listSurveys, type PublishedSurvey, type PublishOutcome, publishSurvey } from './store/surveys.js';
import { convertXlsform, publishImported } from './xlsform-import.js';
import type { XlsformIssue } from '../core/xlsform.js';

const USAGE = `Usage: siang <command>

  survey publish FILE          validate a survey definition and publish it as a new version
  survey list                  list published surveys and their versions
  survey import FILE.xlsx [--publish] [--out FILE.json]
                               read an XLSForm (ODK, KoboToolbox, SurveyCTO); one line per problem;
                               --publish publishes it, --out writes the survey definition
  responses count [--survey ID]  print the number of stored responses (last line)
  user add NAME --role admin|supervisor [--schools A,B]
                               add a person who may sign in (password from stdin or a prompt)
  token create --role admin|supervisor --name NAME [--schools A,B] [--expires 90d|YYYY-MM-DD]
                               create an API token for scripts; printed once, alone on the last line
                               (--expires: it stops working after that period, or after that date)
  token list                   list API tokens: id, name, role, schools, created, last used,
                               expiry and revocation (never the token itself)
  token revoke ID              revoke an API token at once (ID from token list)
  import FILE [--passphrase-stdin]
                               import a backup file saved on a device; responses already here
                               are not added again (passphrase: first line of stdin, or asked)
  purge --older-than PERIOD [--contacts-older-than PERIOD] [--dry-run]
                               delete responses completed longer ago than PERIOD (5y, 18m, 90d)
                               and remove complaints' contact details older than the second one

Environment: DATA_DIR (default ./data), DATABASE_URL (PostgreSQL instead of the embedded database).`;

/** The operations every command needs, by socket or by direct database access. */
interface Backend {
  publish(definition: unknown): Promise<PublishOutcome>;
  list(): Promise<PublishedSurvey[]>;
  count(surveyId?: string): Promise<number>;
  addUser(input: {
    name: string;
    role: Role;
    password: string;
    schools: string[] | null;
  }): Promise<{ created: boolean }>;
  createToken(input: { name: string; role: Role; schools: string[] | null; expiresAt: string | null }): Promise<string>;
  listTokens(): Promise<ApiTokenInfo[]>;
  revokeToken(id: number): Promise<'revoked' | 'already' | 'unknown'>;
  importResponses(responses: CompletedResponse[]): Promise<ImportOutcome>;
  purge(request: PurgeRequest): Promise<PurgeOutcome>;
  close(): Promise<void>;
}

function callSocket<T>(socketPath: string, method: string, path: string, body?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        socketPath,
        method,
        path,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 400) {
            let message = text;
            try {
              message = (JSON.parse(text) as { message?: string }).message ?? text;
            } catch {
              // not JSON: show it as it is
            }
            return reject(new Error(message));
          }
          try {
            resolve(JSON.parse(text) as T);
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function socketBackend(socketPath: string): Promise<Backend | undefined> {
  if (!existsSync(socketPath)) return undefined;
  try {
    await callSocket(socketPath, 'GET', '/responses/count');
  } catch {
    return undefined; // a socket left by a server that is gone
  }
  return {
    publish: (definition) => callSocket(socketPath, 'POST', '/surveys', definition),
    list: () => callSocket(socketPath, 'GET', '/surveys'),
    count: async (surveyId) => {
      const q = surveyId ? `?survey=${encodeURIComponent(surveyId)}` : '';
      return (await callSocket<{ count: number }>(socketPath, 'GET', `/responses/count${q}`)).count;
    },
    addUser: (input) => callSocket(socketPath, 'POST', '/users', input),
    createToken: async (input) => (await callSocket<{ token: string }>(socketPath, 'POST', '/tokens', input)).token,
    listTokens: () => callSocket(socketPath, 'GET', '/tokens'),
    revokeToken: async (id) =>
      (await callSocket<{ outcome: 'revoked' | 'already' | 'unknown' }>(socketPath, 'POST', `/tokens/${id}/revoke`))
        .outcome,
    importResponses: (responses) => callSocket(socketPath, 'POST', '/imports', { responses }),
    purge: (request) => callSocket(socketPath, 'POST', '/purge', request),
    close: async () => undefined,
  };
}

async function directBackend(config: ServerConfig): Promise<Backend> {
  restrictNewFiles();
  if (!config.databaseUrl) protectDataDir(config.dataDir);
  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir, 'a siang command');
  try {
    const db = await openDatabase(config);
    await migrate(db);
    return {
      publish: (definition) => publishSurvey(db, definition),
      list: () => listSurveys(db),
      count: (surveyId) => countResponses(db, surveyId),
      addUser: (input) => addUser(db, input),
      createToken: (input) => createApiToken(db, input),
      listTokens: () => listApiTokens(db),
      revokeToken: (id) => revokeApiToken(db, id),
      importResponses: (responses) => importResponses(db, responses, { schools: null }),
      purge: (request) => purge(db, request),
      close: async () => {
        await db.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

async function connect(config: ServerConfig): Promise<Backend> {
  if (!config.databaseUrl) {
    const viaServer = await socketBackend(controlSocketPath(config.dataDir));
    if (viaServer) return viaServer;
  }
  return directBackend(config);
}

/** Runs the command line; returns the exit code. */
export async function runCli(
  argv: string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      survey: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      schools: { type: 'string' },
      expires: { type: 'string' },
      'passphrase-stdin': { type: 'boolean' },
      'older-than': { type: 'string' },
      'contacts-older-than': { type: 'string' },
      'dry-run': { type: 'boolean' },
      publish: { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, action, arg] = positionals;
  if (values.help || !group) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const config = readConfig();
  if (group === 'import') {
    // `siang import FILE`: the file stands where other commands have their action.
    if (action && !arg) return runImport(config, action, values['passphrase-stdin'] === true, out, err);
    err(`import needs one FILE\n\n${USAGE}`);
    return 2;
  }
  if (group === 'purge') {
    if (!action) {
      const periods = { olderThan: values['older-than'], contactsOlderThan: values['contacts-older-than'] };
      return runPurge(config, { ...periods, dryRun: values['dry-run'] === true }, out, err);
    }
    err(`purge takes only options\n\n${USAGE}`);
    return 2;
  }
  if (group === 'survey' && action === 'import') {
    if (!arg) {
      err('survey import needs a FILE (.xlsx)');
      return 2;
    }
    return runSurveyImport(config, arg, { publish: values.publish === true, outFile: values.out }, out, err);
  }
  const known =
    (group === 'survey' && (action === 'publish' || action === 'list')) ||
    (group === 'responses' && action === 'count') ||
    (group === 'user' && action === 'add') ||
    (group === 'token' && (action === 'create' || action === 'list' || action === 'revoke'));
  if (!known) {
    err(`unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  if (group === 'survey' && action === 'publish' && !arg) {
    err('survey publish needs a FILE');
    return 2;
  }
  if (group === 'token' && action === 'list') return runTokenList(config, out);
  if (group === 'token' && action === 'revoke') {
    const id = Number(arg);
    if (!arg || !/^[1-9][0-9]{0,15}$/.test(arg) || !Number.isSafeInteger(id)) {
      err('token revoke needs the ID of a token (see siang token list)');
      return 2;
    }
    return runTokenRevoke(config, id, out, err);
  }
  const role = values.role as Role | undefined;
  const schools = values.schools
    ? values.schools
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
  let expiresAt: string | null = null;
  if (group === 'token' && values.expires !== undefined) {
    try {
      expiresAt = tokenExpiry(values.expires).toISOString();
    } catch (error) {
      err((error as Error).message);
      return 2;
    }
  }
  if ((group === 'user' || group === 'token') && (!role || !ROLES.includes(role))) {
    err(`${group} ${action} needs --role admin or --role supervisor`);
    return 2;
  }
  if (group === 'user' && !arg) {
    err('user add needs a NAME');
    return 2;
  }
  if (group === 'token' && !values.name) {
    err('token create needs --name NAME (who or what will use it)');
    return 2;
  }
  const password = group === 'user' ? await readPassword(err) : undefined;
  // Read and validate a file before touching any database.
  const definition = group === 'survey' && action === 'publish' && arg ? loadSurveyFile(arg) : undefined;
  const backend = await connect(config);
  try {
    if (definition) {
      const outcome = await backend.publish(definition);
      if (outcome.status === 'invalid') {
        err(`${arg} is not a valid survey:`);
        for (const p of outcome.problems) err(`  ${p.path}: ${p.message}`);
        return 1;
      }
      if (outcome.status === 'version_taken') {
        err(outcome.message);
        return 1;
      }
      out(
        `${outcome.status === 'published' ? 'published' : 'already published'}: ${outcome.survey.id} version ${outcome.survey.version}`,
      );
      return 0;
    }
    if (group === 'user' && arg && role && password !== undefined) {
      const { created } = await backend.addUser({ name: arg, role, password, schools });
      out(`${created ? 'added' : 'updated'}: ${arg} (${role}${schools ? `; schools: ${schools.join(', ')}` : ''})`);
      return 0;
    }
    if (group === 'token' && role && values.name) {
      const token = await backend.createToken({ name: values.name, role, schools, expiresAt });
      const until = expiresAt ? `, valid until ${expiresAt}` : '';
      out(`token for ${values.name} (${role}${until}); it is shown only now: keep it secret`);
      out(token);
      return 0;
    }
    if (group === 'survey') {
      const all = await backend.list();
      if (!all.length) out('no surveys published');
      for (const s of all) out(`${s.id}\tversion ${s.version}\t${s.kind}\t${s.publishedAt}\t${s.definition.title.th}`);
      return 0;
    }
    out(String(await backend.count(values.survey)));
    return 0;
  } finally {
    await backend.close();
  }
}

/**
 * `siang survey import FILE.xlsx`: reads an XLSForm, prints its warnings and problems (one line
 * each, with sheet, row and column), and publishes it with `--publish`. The file is read before
 * any database is touched.
 */
async function runSurveyImport(
  config: ServerConfig,
  file: string,
  options: { publish: boolean; outFile: string | undefined },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    err(`cannot read ${file}: ${(e as Error).message}`);
    return 1;
  }
  const result = await convertXlsform(bytes, basename(file).replace(/\.xlsx$/i, ''));
  const place = (i: XlsformIssue) =>
    [i.sheet, i.row && `row ${i.row}`, i.column && `column ${i.column}`].filter(Boolean).join(', ');
  for (const w of result.warnings) err(`warning: ${place(w)}: ${w.message}`);
  if (!result.survey) {
    err(`${file} cannot be imported:`);
    for (const p of result.problems) err(`  ${place(p)}: ${p.message}`);
    return 1;
  }
  const survey = result.survey;
  if (options.outFile) writeFileSync(options.outFile, `${JSON.stringify(survey, null, 2)}\n`);
  const questions = survey.sections.reduce((n, s) => n + s.questions.length, 0);
  if (!options.publish) {
    out(
      `ready: ${survey.id} (${survey.sections.length} sections, ${questions} questions); add --publish to publish it`,
    );
    return 0;
  }
  const backend = await connect(config);
  try {
    const outcome = await publishImported(backend, survey);
    if (outcome.status === 'invalid' || outcome.status === 'version_taken') {
      err(
        outcome.status === 'invalid'
          ? outcome.problems.map((p) => `${p.path}: ${p.message}`).join('\n')
          : outcome.message,
      );
      return 1;
    }
    out(
      `${outcome.status === 'published' ? 'published' : 'already published'}: ${outcome.survey.id} version ${outcome.survey.version}`,
    );
    return 0;
  } finally {
    await backend.close();
  }
}

/** `siang import FILE`: reads and checks the file first, then stores what it holds. */
async function runImport(
  config: ServerConfig,
  file: string,
  passphraseFromStdin: boolean,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    err(`cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  const passphrase = passphraseFromStdin
    ? await readStdinLine()
    : backupIsEncrypted(text) && process.stdin.isTTY
      ? await askHidden('Passphrase: ')
      : undefined;
  let responses: CompletedResponse[];
  try {
    ({ responses } = await readBackup(text, passphrase));
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    const hint = error.code === 'needs_passphrase' ? ' (give it with --passphrase-stdin)' : '';
    err(`${file} was refused: ${error.message}${hint}. Nothing was imported.`);
    return 1;
  }
  // Refused here too, not only by the server: a running server's socket would refuse the whole
  // request for one such key.
  const { safe, rejected } = refuseUnsafeKeys(responses);
  const backend = await connect(config);
  try {
    const stored = await backend.importResponses(safe);
    const outcome = { ...stored, total: responses.length, rejected: [...rejected, ...stored.rejected] };
    out(`${outcome.total} responses in ${file}`);
    out(`stored: ${outcome.stored}`);
    out(`already here: ${outcome.duplicate}`);
    out(`refused: ${outcome.rejected.length}`);
    for (const r of outcome.rejected) out(`  ${r.id}: ${r.code}: ${r.message}`);
    // 3: the file was imported, but not all of it.
    return outcome.rejected.length ? 3 : 0;
  } finally {
    await backend.close();
  }
}

/** `siang token list`: one token a line, tab-separated, with a header; never the secret. */
async function runTokenList(config: ServerConfig, out: (line: string) => void): Promise<number> {
  const backend = await connect(config);
  try {
    const tokens = await backend.listTokens();
    if (!tokens.length) {
      out('no API tokens');
      return 0;
    }
    out(['id', 'name', 'role', 'schools', 'created', 'last used', 'expires', 'revoked'].join('\t'));
    for (const t of tokens)
      out(
        [
          t.id,
          t.name,
          t.role,
          t.schools?.join(',') ?? 'all',
          t.createdAt,
          t.lastUsedAt ?? 'never',
          t.expiresAt ?? 'never',
          t.revokedAt ?? 'no',
        ].join('\t'),
      );
    return 0;
  } finally {
    await backend.close();
  }
}

/** `siang token revoke ID`. */
async function runTokenRevoke(
  config: ServerConfig,
  id: number,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const backend = await connect(config);
  try {
    const outcome = await backend.revokeToken(id);
    if (outcome === 'unknown') {
      err(`no API token has id ${id} (see siang token list)`);
      return 1;
    }
    out(outcome === 'revoked' ? `revoked: token ${id}` : `token ${id} was already revoked`);
    return 0;
  } finally {
    await backend.close();
  }
}

/** `siang purge`: checks the periods before touching the database, then prints the counts. */
async function runPurge(
  config: ServerConfig,
  options: { olderThan: string | undefined; contactsOlderThan: string | undefined; dryRun: boolean },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  if (options.olderThan === undefined) {
    err('purge needs --older-than PERIOD (such as 5y, 18m or 90d): responses older than that are deleted');
    return 2;
  }
  try {
    parsePeriod(options.olderThan);
    if (options.contactsOlderThan !== undefined) parsePeriod(options.contactsOlderThan);
  } catch (error) {
    err((error as Error).message);
    return 2;
  }
  const backend = await connect(config);
  try {
    const outcome = await backend.purge({
      olderThan: options.olderThan,
      contactsOlderThan: options.contactsOlderThan,
      dryRun: options.dryRun,
      ranBy: `siang purge (${whoRuns()})`,
    });
    const will = (done: string, planned: string) => (outcome.dryRun ? planned : done);
    const day = (iso: string) => iso.slice(0, 10);
    out(
      `responses completed before ${day(outcome.responsesCutoff)}: ${outcome.responsesDeleted} ${will('deleted', 'to delete')}`,
    );
    out(`complaint handling records of those: ${outcome.complaintHandlingDeleted} ${will('deleted', 'to delete')}`);
    if (outcome.contactsCutoff)
      out(
        `contact details of responses completed before ${day(outcome.contactsCutoff)}: ${will('removed from', 'to remove from')} ${outcome.contactsAnonymised}`,
      );
    out(
      `audit log entries from before ${day(outcome.responsesCutoff)}: ${outcome.auditEntriesDeleted} ${will('deleted', 'to delete')}`,
    );
    out(outcome.dryRun ? 'dry run: nothing was changed or recorded' : 'recorded in retention_purges');
    return 0;
  } finally {
    await backend.close();
  }
}

function whoRuns(): string {
  try {
    return `user ${userInfo().username}`;
  } catch {
    return 'unknown user'; // no passwd entry for this uid (some containers)
  }
}

/** The first line of standard input, without its line ending. */
async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** Asks on the terminal without echoing what is typed. */
function askHidden(prompt: string): Promise<string> {
  return new Promise<string>((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const muted = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stdout.write(prompt);
    // Echo nothing of what is typed.
    muted._writeToOutput = (s: string) => {
      if (s.includes('\n')) process.stdout.write('\n');
    };
    rl.question('', (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}

/** The password from standard input (its first line), or asked for twice on a terminal. */
async function readPassword(err: (line: string) => void): Promise<string> {
  if (!process.stdin.isTTY) return (await readStdinLine()).trimEnd();
  const first = await askHidden('Password: ');
  const second = await askHidden('Again: ');
  if (first !== second) {
    err('the two passwords differ');
    throw new Error('passwords differ');
  }
  return first;
}
