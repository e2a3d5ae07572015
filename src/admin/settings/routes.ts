// Back office: settings pages (staff or admin, checked on every route).
import type { FastifyInstance } from 'fastify';

export async function adminSettingsRoutes(_app: FastifyInstance): Promise<void> {}
