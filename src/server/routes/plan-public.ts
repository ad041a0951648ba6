/**
 * The public view of the plan (`GET /api/v1/public/plan`, the public page /p): published rows
 * only, and of them what the office tells the public. Never the internal note, the responsible
 * person's name, the evidence's internal figures, approvals or anything unpublished; the missions
 * and groups are those the published rows name.
 */
import type { Db } from '../db/database.js';
import { listPlan } from '../store/plan.js';
import { getRegister } from '../store/register.js';

/** The published plan of a fiscal year, as the public contract shapes it. */
export async function publicPlan(db: Db, fiscalYear: number) {
  const rows = await listPlan(db, fiscalYear, { publishedOnly: true });
  const register = await getRegister(db, fiscalYear);
  const missions = register.missions.filter((m) => rows.some((r) => r.mission === m.code));
  const groups = register.groups.filter((g) => rows.some((r) => r.group === g.id));
  const channel = (id: string) => register.channels.find((c) => c.id === id);
  return {
    fiscalYear,
    missions: missions.map((m) => ({ code: m.code, kind: m.kind, title: m.title, source: m.source })),
    groups: groups.map((g) => ({ id: g.id, name: g.name, definition: g.definition, kind: g.kind })),
    rows: rows.map((r) => ({
      id: r.id,
      mission: r.mission,
      group: r.group,
      level: r.level,
      expectation: r.expectation,
      channels: r.channels.map((id) => ({ id, name: channel(id)?.name ?? { th: id, en: id } })),
      frequency: r.frequency,
      practice: r.practice,
      indicator: { what: r.indicator.what, target: r.indicator.target, unit: r.indicator.unit },
      responsibleUnit: r.responsibleUnit,
      progress: r.progress.map((p) => ({ round: p.round, value: p.value, percent: p.percent, onTarget: p.onTarget })),
    })),
  };
}
