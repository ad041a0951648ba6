/**
 * `siang`: the office's command line. Works whether or not the server runs on the same DATA_DIR:
 * with a running server it talks to it over the control socket; otherwise it takes the data
 * directory's lock and opens the database itself. With DATABASE_URL it connects directly.
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { readConfig, type ServerConfig } from './config.js';
import { loadSurveyFile } from './content.js';
import { controlSocketPath } from './control.js';
import { openDatabase } from './db/database.js';
import { migrate } from './db/migrations.js';
import { lockDataDir } from './lock.js';
import { countResponses } from './store/submissions.js';
import { addUser, createApiToken, ROLES, type Role } from './store/staff.js';
import { listSurveys, type PublishedSurvey, type PublishOutcome, publishSurvey } from './store/surveys.js';

const USAGE = `Usage: siang <command>

  survey publish FILE          validate a survey definition and publish it as a new version
  survey list                  list published surveys and their versions
  responses count [--survey ID]  print the number of stored responses (last line)
  user add NAME --role admin|supervisor [--schools A,B]
                               add a person who may sign in (password from stdin or a prompt)
  token create --role admin|supervisor --name NAME [--schools A,B]
                               create an API token for scripts; printed once, alone on the last line

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
  createToken(input: { name: string; role: Role; schools: string[] | null }): Promise<string>;
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
    close: async () => undefined,
  };
}

async function directBackend(config: ServerConfig): Promise<Backend> {
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
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, action, arg] = positionals;
  if (values.help || !group) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const config = readConfig();
  const known =
    (group === 'survey' && (action === 'publish' || action === 'list')) ||
    (group === 'responses' && action === 'count') ||
    (group === 'user' && action === 'add') ||
    (group === 'token' && action === 'create');
  if (!known) {
    err(`unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  if (group === 'survey' && action === 'publish' && !arg) {
    err('survey publish needs a FILE');
    return 2;
  }
  const role = values.role as Role | undefined;
  const schools = values.schools
    ? values.schools
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
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
      const token = await backend.createToken({ name: values.name, role, schools });
      out(`token for ${values.name} (${role}); it is shown only now: keep it secret`);
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

/** The password from standard input (its first line), or asked for twice on a terminal. */
async function readPassword(err: (line: string) => void): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd();
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
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
  const first = await ask('Password: ');
  const second = await ask('Again: ');
  if (first !== second) {
    err('the two passwords differ');
    throw new Error('passwords differ');
  }
  return first;
}
