// Back office: catalog pages (staff or admin, checked on every route).
import type { FastifyInstance } from 'fastify';

export async function adminCatalogRoutes(_app: FastifyInstance): Promise<void> {}
