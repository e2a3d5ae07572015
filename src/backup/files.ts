// File helpers for backups: sha256 of a file, copying a directory tree with checksums, moving an old file aside.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface FileSum {
  bytes: number;
  sha256: string;
}

export async function sumOf(file: string): Promise<FileSum> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Relative paths (with "/") of every regular file under dir; none when dir does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(rel: string): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) out.push(child);
    }
  }
  await walk('');
  return out.sort();
}

/**
 * Copies every file under from into to and returns what was copied. A file that disappears while the copy runs
 * (an image deleted in the back office meanwhile) is skipped rather than failing the whole backup.
 */
export async function copyTree(from: string, to: string): Promise<string[]> {
  const copied: string[] = [];
  for (const rel of await filesUnder(from)) {
    await fs.mkdir(path.dirname(path.join(to, rel)), { recursive: true });
    try {
      await fs.copyFile(path.join(from, rel), path.join(to, rel));
      copied.push(rel);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return copied;
}

export async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** A UTC time usable in a file name: 2026-12-02T23-59-00Z. */
export function stampOf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

/** Renames file (or directory) to "<file>.replaced-<stamp>" (with a counter if taken) and returns the new name. */
export async function moveAside(file: string, stamp: string): Promise<string> {
  for (let n = 1; ; n++) {
    const aside = `${file}.replaced-${stamp}${n === 1 ? '' : `-${n}`}`;
    if (await exists(aside)) continue;
    await fs.rename(file, aside);
    return aside;
  }
}
