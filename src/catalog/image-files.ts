// Where a product image's sized files are and how a page offers them (srcset), for the storefront and the back office.
import { randomBytes } from 'node:crypto';

/** Widths of the stored versions, largest first; files are `<random>-<width>.webp`, the row names the largest. */
export const IMAGE_WIDTHS = [1200, 600, 200] as const;

const STORED_NAME = /^([0-9a-f]{32})-(\d+)\.webp$/;

/**
 * The random part of a new media file's name (128 bits, hex): uploads and the demo seed alike, so a name says
 * nothing about the product it shows and cannot be guessed from a slug.
 */
export function newMediaBase(): string {
  return randomBytes(16).toString('hex');
}

export function mediaUrl(file: string): string {
  return `/media/${encodeURIComponent(file)}`;
}

/** All files on disk that belong to a stored image row (the sized versions for our own names). */
export function imageFiles(file: string): string[] {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const m = STORED_NAME.exec(base);
  return m ? IMAGE_WIDTHS.map((w) => `${m[1]}-${w}.webp`) : [base];
}

export interface ImageSources {
  /** `url width` pairs for srcset, smallest first; null for a single file (an SVG, or an imported name). */
  srcset: string | null;
  /** The smallest version, for thumbnails. */
  thumbUrl: string;
}

/**
 * The versions of an uploaded image with their real widths: a version is never wider than the largest
 * one (`width`, uploads are not enlarged), and two versions of the same width are offered once.
 */
export function imageSources(file: string, width: number): ImageSources {
  const files = imageFiles(file);
  if (files.length === 1) return { srcset: null, thumbUrl: mediaUrl(file) };
  const byWidth = new Map<number, string>();
  IMAGE_WIDTHS.forEach((w, i) => {
    const real = Math.min(w, width);
    if (!byWidth.has(real)) byWidth.set(real, files[i]);
  });
  const pairs = [...byWidth].sort((a, b) => a[0] - b[0]);
  return { srcset: pairs.map(([w, f]) => `${mediaUrl(f)} ${w}w`).join(', '), thumbUrl: mediaUrl(pairs[0][1]) };
}
