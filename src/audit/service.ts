// The audit log: every back-office change appended with who, when, what, before and after; never edited.
import type { Knex } from 'knex';
import { toInt } from '../lib/rows';

export interface Actor {
  id: number;
  email: string;
}

export interface AuditEntryInput {
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  now?: number;
}

/** Appends one entry, in the same transaction as the change it records. */
export async function recordAudit(trx: Knex | Knex.Transaction, actor: Actor | null, entry: AuditEntryInput): Promise<void> {
  await trx('audit_log').insert({
    actor_user_id: actor?.id ?? null,
    actor_email: actor?.email ?? '',
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: String(entry.entityId),
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    created_at: entry.now ?? Date.now(),
  });
}

export interface AuditEntry {
  id: number;
  actorEmail: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  at: Date;
}

export interface AuditFilter {
  actorEmail?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
}

function parse(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function listAudit(db: Knex, filter: AuditFilter, limit: number, offset: number): Promise<{ entries: AuditEntry[]; total: number }> {
  const base = () => {
    const q = db('audit_log');
    if (filter.actorEmail) q.where('actor_email', filter.actorEmail.toLowerCase());
    if (filter.action) q.where('action', filter.action);
    if (filter.entityType) q.where('entity_type', filter.entityType);
    if (filter.entityId) q.where('entity_id', filter.entityId);
    return q;
  };
  const total = toInt((await base().count({ n: '*' }).first())?.n);
  const rows = await base().orderBy('id', 'desc').limit(limit).offset(offset);
  return {
    total,
    entries: rows.map((r) => ({
      id: toInt(r.id),
      actorEmail: r.actor_email,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: parse(r.before),
      after: parse(r.after),
      at: new Date(toInt(r.created_at)),
    })),
  };
}
