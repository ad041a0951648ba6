/**
 * The stakeholder register's routes (docs/participation.md): read by staff, written by admins;
 * export and import as JSON, CSV or XLSX (one transaction: a bad row changes nothing); the
 * office's channel list; and the check of each survey's group options against the register.
 */
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { CODE, GROUP_KINDS, parseRegisterTable, registerJsonTable, registerTable } from '../../core/register.js';
import { TableError } from '../../core/table.js';
import { requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { acceptFiles, fiscalYearOf, formatOf, refuseFile, sendTable, uploadedTable } from '../plan-files.js';
import { recordAudit } from '../store/audit.js';
import { getRegister, RegisterConflict, reconcileSurveys, saveChannels, saveRegister } from '../store/register.js';

const staff = { preHandler: requireRole('admin', 'supervisor') };
const admin = { preHandler: requireRole('admin') };

const code = v.pipe(v.string(), v.trim(), v.regex(CODE, 'codes are letters, digits, _ . or - (at most 64)'));
const line = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const named = v.strictObject({ th: v.pipe(line(500), v.nonEmpty()), en: line(500) });
const level = v.picklist([1, 2, 3]);

const registerSchema = v.strictObject({
  missions: v.pipe(
    v.array(v.strictObject({ code, kind: v.picklist(['mission', 'strategy']), title: named, source: line(500) })),
    v.maxLength(200),
  ),
  groups: v.pipe(
    v.array(
      v.strictObject({
        id: code,
        name: named,
        definition: line(2000),
        kind: v.picklist(GROUP_KINDS),
        population: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999_999_999))),
        interest: level,
        influence: level,
      }),
    ),
    v.maxLength(200),
  ),
  matrix: v.pipe(v.array(v.strictObject({ mission: code, group: code, reason: line(2000) })), v.maxLength(10_000)),
});
const channelsSchema = v.strictObject({
  channels: v.pipe(v.array(v.strictObject({ id: code, name: named })), v.maxLength(200)),
});

/** Registers the register's routes. */
export async function registerRegisterRoutes(app: FastifyInstance, db: Db): Promise<void> {
  app.get<{ Querystring: { fiscalYear?: unknown; format?: unknown } }>(
    '/api/v1/register',
    staff,
    async (request, reply) => {
      const fy = fiscalYearOf(request.query.fiscalYear, reply);
      const format = fy && formatOf(request.query.format, reply);
      if (!fy || !format) return reply;
      const register = await getRegister(db, fy);
      if (format === 'json') return { format: 'siang-register', version: 1, ...register };
      return sendTable(reply, registerTable(register), format, `register-${fy}`);
    },
  );

  app.put<{ Querystring: { fiscalYear?: unknown } }>('/api/v1/register', admin, async (request, reply) => {
    const fy = fiscalYearOf(request.query.fiscalYear, reply);
    if (!fy) return reply;
    const parsed = v.safeParse(registerSchema, request.body);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const where = issue.path?.map((p) => String(p.key)).join('.');
      return reply
        .code(400)
        .send({ error: 'bad_request', message: where ? `${where}: ${issue.message}` : issue.message });
    }
    const body = parsed.output;
    // The same checks as a file: codes once, links to missions and groups that exist.
    try {
      parseRegisterTable(registerJsonTable({ ...body, channels: [] }), fy);
    } catch (error) {
      if (error instanceof TableError) return reply.code(400).send({ error: 'bad_request', message: error.reason });
      throw error;
    }
    try {
      await db.transaction(async (tx) => {
        await saveRegister(tx, { fiscalYear: fy, ...body });
        await recordAudit(tx, request, {
          action: 'register_changed',
          target: String(fy),
          details: { missions: body.missions.length, groups: body.groups.length, links: body.matrix.length },
        });
      });
    } catch (error) {
      if (error instanceof RegisterConflict) return reply.code(409).send({ error: 'conflict', message: error.message });
      throw error;
    }
    return { format: 'siang-register', version: 1, ...(await getRegister(db, fy)) };
  });

  app.put('/api/v1/register/channels', admin, async (request, reply) => {
    const parsed = v.safeParse(channelsSchema, request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'bad_request', message: parsed.issues[0].message });
    const ids = parsed.output.channels.map((c) => c.id);
    if (new Set(ids).size !== ids.length)
      return reply.code(400).send({ error: 'bad_request', message: 'a channel id appears twice' });
    try {
      await db.transaction(async (tx) => {
        await saveChannels(tx, parsed.output.channels);
        await recordAudit(tx, request, { action: 'channels_changed', details: { channels: ids.length } });
      });
    } catch (error) {
      if (error instanceof RegisterConflict) return reply.code(409).send({ error: 'conflict', message: error.message });
      throw error;
    }
    return { channels: parsed.output.channels };
  });

  app.get<{ Querystring: { fiscalYear?: unknown } }>('/api/v1/register/reconcile', staff, async (request, reply) => {
    const fy = fiscalYearOf(request.query.fiscalYear, reply);
    if (!fy) return reply;
    return reconcileSurveys(db, fy);
  });

  await app.register((scope, _options, done) => {
    acceptFiles(scope);
    scope.post<{ Querystring: { fiscalYear?: unknown } }>('/api/v1/register/import', admin, async (request, reply) => {
      const fy = fiscalYearOf(request.query.fiscalYear, reply);
      if (!fy) return reply;
      try {
        const table = (await uploadedTable(request)) ?? registerJsonTable(request.body);
        const register = parseRegisterTable(table, fy);
        await db.transaction(async (tx) => {
          await saveRegister(tx, register);
          if (register.channels.length) await saveChannels(tx, register.channels);
          await recordAudit(tx, request, {
            action: 'register_imported',
            target: String(fy),
            details: {
              missions: register.missions.length,
              groups: register.groups.length,
              links: register.matrix.length,
              channels: register.channels.length,
            },
          });
        });
        return { format: 'siang-register', version: 1, ...(await getRegister(db, fy)) };
      } catch (error) {
        if (error instanceof TableError) return refuseFile(reply, error);
        if (error instanceof RegisterConflict)
          return reply.code(409).send({ error: 'conflict', message: error.message });
        throw error;
      }
    });
    done();
  });
}
