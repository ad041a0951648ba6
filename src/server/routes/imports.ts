/**
 * `POST /api/v1/imports`: a supervisor imports a backup file saved on a device with no network.
 * Signed-in staff only (not API tokens). A supervisor limited to some schools imports only their
 * responses; the others are refused one by one, for an administrator to import.
 */
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { BackupError, MAX_IMPORT_BYTES } from '../../core/backup.js';
import { requireRole } from '../auth/auth.js';
import type { Db } from '../db/database.js';
import { importBackup } from '../imports.js';
import { recordAudit } from '../store/audit.js';

const bodySchema = v.strictObject({
  file: v.string('file must be the text of the backup file'),
  passphrase: v.optional(v.pipe(v.string(), v.maxLength(1024))),
});

/** Registers the import route. */
export async function registerImportRoutes(app: FastifyInstance, db: Db): Promise<void> {
  app.post(
    '/api/v1/imports',
    { preHandler: requireRole('admin', 'supervisor'), bodyLimit: MAX_IMPORT_BYTES },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind !== 'user')
        return reply.code(403).send({ error: 'forbidden', message: 'imports are for signed-in staff' });
      if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
        return reply.code(415).send({ error: 'unsupported_media_type', message: 'send { file, passphrase } as JSON' });
      }
      const body = v.safeParse(bodySchema, request.body);
      if (!body.success) return reply.code(400).send({ error: 'bad_request', message: body.issues[0].message });
      try {
        const outcome = await importBackup(db, body.output.file, body.output.passphrase, {
          schools: principal.schools,
        });
        request.log.info(
          {
            total: outcome.total,
            stored: outcome.stored,
            duplicate: outcome.duplicate,
            rejected: outcome.rejected.length,
          },
          'import',
        );
        await recordAudit(db, request, {
          action: 'backup_imported',
          details: {
            total: outcome.total,
            stored: outcome.stored,
            duplicate: outcome.duplicate,
            rejected: outcome.rejected.length,
          },
        });
        return outcome;
      } catch (error) {
        if (!(error instanceof BackupError)) throw error;
        request.log.info({ refused: error.code }, 'import refused');
        return reply.code(400).send({ error: error.code, message: error.message });
      }
    },
  );
}
