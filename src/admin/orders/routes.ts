// Back office: orders pages (staff or admin, checked on every route).
import type { FastifyInstance } from 'fastify';

export async function adminOrdersRoutes(_app: FastifyInstance): Promise<void> {}
