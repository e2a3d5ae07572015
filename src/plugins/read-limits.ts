// Rate limits on reads: REST API reads (GET /api/v1/...) and every GraphQL request, each counted per API token
// when one is presented, else per client address. Counters live in this process (@fastify/rate-limit's memory
// store): a read costs no database write, and each instance of the shop counts its own callers.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { Config } from '../config';
import { DomainError } from '../lib/errors';
import { bearerToken } from './auth';

const MINUTE = 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD']);

export type ReadChannel = 'rest' | 'graphql';

/** Too many reads in the window; REST answers 429 problem+json, GraphQL an error with code RATE_LIMITED (graphql/errors.ts). */
export class ReadRateLimitedError extends DomainError {
  constructor(
    readonly channel: ReadChannel,
    readonly retryAfterSeconds: number,
  ) {
    super('api.readsRateLimited', 429, { seconds: retryAfterSeconds }, undefined, { details: { retryAfterSeconds } });
  }
}

/** Which limit a request counts against, or null for everything else (pages, API writes, which have their own). */
export function readChannelOf(request: FastifyRequest): ReadChannel | null {
  const url = request.url;
  if (url === '/graphql' || url.startsWith('/graphql?') || url.startsWith('/graphql/')) return 'graphql';
  if (url.startsWith('/api/v1/') && SAFE_METHODS.has(request.method)) return 'rest';
  return null;
}

/**
 * Whose budget a read spends: the API token that signed the request in (a hash of it, never the token itself),
 * else the client address. Runs after the auth hook, so only a token that was accepted has its own budget. An
 * IPv6 address counts as its /64 (one subscriber's network: any of its addresses would otherwise be a new budget).
 */
export function readLimitKey(request: FastifyRequest): string {
  const token = request.authMethod === 'token' ? bearerToken(request) : null;
  if (token) return `token:${createHash('sha256').update(token).digest('base64url')}`;
  return `ip:${normalizeIP(request.ip)}`;
}

/** Registers the limits; call it after registerAuth so its preHandler runs once the caller is known. */
export async function registerReadLimits(app: FastifyInstance, config: Pick<Config, 'apiReadsPerMinute' | 'graphqlRequestsPerMinute'>): Promise<void> {
  // No global limit: only the limiters made below, applied by the hook.
  await app.register(rateLimit, { global: false });
  const limiterFor = (channel: ReadChannel, max: number) =>
    max > 0 ? app.createRateLimit({ max, timeWindow: MINUTE, keyGenerator: (request) => `${channel}:${readLimitKey(request)}` }) : null;
  const limiters: Record<ReadChannel, ReturnType<typeof limiterFor>> = {
    rest: limiterFor('rest', config.apiReadsPerMinute),
    graphql: limiterFor('graphql', config.graphqlRequestsPerMinute),
  };
  app.addHook('preHandler', async (request, reply) => {
    const channel = readChannelOf(request);
    const limiter = channel ? limiters[channel] : null;
    if (!channel || !limiter) return;
    const result = await limiter(request);
    if (result.isAllowed) return;
    reply.header('ratelimit-limit', String(result.max)).header('ratelimit-remaining', String(result.remaining));
    if (!result.isExceeded) return;
    const seconds = Math.max(1, result.ttlInSeconds);
    reply.header('retry-after', String(seconds));
    throw new ReadRateLimitedError(channel, seconds);
  });
}
