/**
 * `GET /api/v1/complaints/track/:code`: a complaint's sender follows it by its receipt number,
 * without signing in (docs/api.md). Tries are limited per address; a number that does not exist
 * and one that cannot exist get the same answer, so the answers tell nothing about other numbers
 * (only a parameter past Fastify's 100 characters is refused before, as for every route: 414).
 */
import type { FastifyInstance } from 'fastify';
import { normalizeReceipt } from '../../core/receipt.js';
import type { Db } from '../db/database.js';
import { trackComplaint } from '../store/complaint-track.js';

/** Tries per minute per client address. */
export const TRACK_PER_MINUTE = 10;

const NOT_FOUND = { error: 'not_found', message: 'no complaint has this receipt number' } as const;

/** Registers the tracking route (no credentials). */
export async function registerComplaintTrackRoutes(app: FastifyInstance, db: Db): Promise<void> {
  app.get<{ Params: { code: string } }>(
    '/api/v1/complaints/track/:code',
    { config: { rateLimit: { max: TRACK_PER_MINUTE, timeWindow: 60_000 } } },
    async (request, reply) => {
      const code = normalizeReceipt(request.params.code);
      const found = code ? await trackComplaint(db, code) : undefined;
      if (!found) return reply.code(404).send(NOT_FOUND);
      return found;
    },
  );
}
