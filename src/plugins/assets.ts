// Static files under /static with fingerprinted URLs (?v=hash) that browsers may cache for a year.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Config } from '../config';
import { PUBLIC_MEDIA_CACHE } from '../catalog/media-access';

function fingerprints(dir: string): Map<string, string> {
  const map = new Map<string, string>();
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else map.set(rel, crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, rel))).digest('hex').slice(0, 12));
    }
  };
  walk('');
  return map;
}

export type AssetUrl = (file: string) => string;

export async function registerAssets(app: FastifyInstance, config: Config): Promise<AssetUrl> {
  const root = path.join(config.rootDir, 'static');
  const hashes = fingerprints(root);
  const assetUrl: AssetUrl = (file) => {
    const hash = config.env === 'development' ? fingerprints(root).get(file) : hashes.get(file);
    return hash ? `/static/${file}?v=${hash}` : `/static/${file}`;
  };

  await app.register(fastifyStatic, {
    root,
    prefix: '/static/',
    cacheControl: false,
    setHeaders(res) {
      // The URL changes whenever the file does, so the bytes at one URL never change.
      res.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });

  await app.register(fastifyStatic, {
    root: config.uploadDir,
    prefix: '/media/',
    decorateReply: false,
    cacheControl: false,
    setHeaders(res) {
      // Uploaded files get random names and are never rewritten in place. The files of a product not everyone may
      // see arrive here already marked private (catalog/media-access.ts): that stays.
      if (!res.hasHeader('cache-control')) res.header('cache-control', PUBLIC_MEDIA_CACHE);
      res.header('x-content-type-options', 'nosniff');
    },
  });
  return assetUrl;
}
