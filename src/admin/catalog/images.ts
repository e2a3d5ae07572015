// Product images: checking uploaded bytes, re-encoding into sized WebP files, and the rows that list them, with
// their alternative text in English and in French (image_translations).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import sharp from 'sharp';
import { fileTypeFromBuffer } from 'file-type';
import type { MessageKey } from '../../i18n';
import { recordAudit, type Actor } from '../../audit/service';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { toInt } from '../../lib/rows';
import { IMAGE_WIDTHS, imageFiles, mediaUrl, newMediaBase } from '../../catalog/image-files';


/** Upload limits, enforced by @fastify/multipart while the request streams in. */
export const IMAGE_LIMITS = { fileSize: 8 * 1024 * 1024, files: 10, fields: 10, fieldSize: 4096, parts: 20 };

const ALLOWED_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const ALT_MAX = 300;

export interface ProcessedImage {
  width: number;
  height: number;
  versions: { width: number; data: Buffer }[];
}

export interface AdminImage {
  id: number;
  file: string;
  url: string;
  width: number;
  height: number;
  alt: string;
  /** The French alternative text ('' when none: French pages show the English). */
  altFr: string;
  position: number;
  /** The smallest stored version, for the back-office list. */
  thumb: { url: string; width: number; height: number };
}

/** Checks the real type from the bytes, then re-encodes (EXIF orientation applied, metadata dropped) into each width. */
export async function processImage(bytes: Buffer): Promise<ProcessedImage> {
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !ALLOWED_TYPES.has(type.mime)) throw new ValidationError({ files: 'adminCatalog.error.imageType' });
  try {
    const versions: ProcessedImage['versions'] = [];
    let largest: { width: number; height: number } | null = null;
    for (const width of IMAGE_WIDTHS) {
      const { data, info } = await sharp(bytes, { limitInputPixels: 50_000_000, failOn: 'error' })
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
      if (!largest) largest = { width: info.width, height: info.height };
      versions.push({ width, data });
    }
    return { width: largest!.width, height: largest!.height, versions };
  } catch {
    throw new ValidationError({ files: 'adminCatalog.error.imageUnreadable' });
  }
}

async function removeFiles(uploadDir: string, files: string[]): Promise<void> {
  await Promise.all(files.map((f) => fs.rm(path.join(uploadDir, path.basename(f)), { force: true })));
}

/**
 * Writes each processed image under a fresh random name; returns the name of each largest version. Each file is
 * written under a temporary name and renamed into place, and on any failure (a full disk half way through a file)
 * every file of this upload, finished or not, is removed: no partial or orphaned file is left in the upload dir.
 */
async function writeImages(uploadDir: string, images: ProcessedImage[]): Promise<string[]> {
  await fs.mkdir(uploadDir, { recursive: true });
  const names: string[] = [];
  const touched: string[] = [];
  try {
    for (const image of images) {
      const base = newMediaBase();
      for (const v of image.versions) {
        const name = `${base}-${v.width}.webp`;
        const tmp = `.${name}.tmp`;
        // Listed before the write: a write that fails may still have created the file.
        touched.push(tmp, name);
        await fs.writeFile(path.join(uploadDir, tmp), v.data, { flag: 'wx' });
        await fs.rename(path.join(uploadDir, tmp), path.join(uploadDir, name));
      }
      names.push(`${base}-${image.versions[0].width}.webp`);
    }
  } catch (err) {
    await removeFiles(uploadDir, touched);
    throw err;
  }
  return names;
}

export function parseAlt(raw: unknown): string {
  const alt = typeof raw === 'string' ? raw.trim() : '';
  const error: MessageKey | null = alt === '' ? 'adminCatalog.error.altRequired' : [...alt].length > ALT_MAX ? 'adminCatalog.error.altTooLong' : null;
  if (error) throw new ValidationError({ alt: error });
  return alt;
}

export interface ImageAlts {
  alt: string;
  /** '' when the image has no French text of its own. */
  altFr: string;
}

/** The English alt (required) and the French one (optional, as long at most), each error beside its own field. */
export function parseAlts(raw: { alt?: unknown; altFr?: unknown }): ImageAlts {
  const errors: Record<string, MessageKey> = {};
  let alt = '';
  try {
    alt = parseAlt(raw.alt);
  } catch (err) {
    Object.assign(errors, (err as ValidationError).fields);
  }
  const altFr = typeof raw.altFr === 'string' ? raw.altFr.trim() : '';
  if ([...altFr].length > ALT_MAX) errors.altFr = 'adminCatalog.error.altTooLong';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { alt, altFr };
}

/** Writes (or, for '', removes) an image's French alt inside the caller's transaction. */
async function setFrenchAlt(trx: Knex, imageId: number, altFr: string): Promise<void> {
  await trx('image_translations').where({ image_id: imageId, locale: 'fr' }).delete();
  if (altFr) await trx('image_translations').insert({ image_id: imageId, locale: 'fr', alt: altFr });
}

export async function listImages(db: Knex, productId: number): Promise<AdminImage[]> {
  const rows = await db('product_images as i')
    .leftJoin('image_translations as t', (j) => j.on('t.image_id', 'i.id').andOnVal('t.locale', 'fr'))
    .where('i.product_id', productId)
    .select('i.id', 'i.file', 'i.width', 'i.height', 'i.alt', 'i.position', 't.alt as alt_fr')
    .orderBy([{ column: 'i.position' }, { column: 'i.id' }]);
  return rows.map((r) => {
    const width = toInt(r.width);
    const height = toInt(r.height);
    const small = IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1];
    const files = imageFiles(r.file);
    const thumbFile = files[files.length - 1];
    const thumbWidth = Math.min(width, small);
    return {
      id: toInt(r.id),
      file: r.file,
      url: mediaUrl(r.file),
      width,
      height,
      alt: r.alt,
      altFr: r.alt_fr ?? '',
      position: toInt(r.position),
      thumb: { url: mediaUrl(thumbFile), width: thumbWidth, height: width > 0 ? Math.round((height * thumbWidth) / width) : height },
    };
  });
}

export async function getImage(db: Knex, id: number): Promise<{ id: number; productId: number; file: string; alt: string }> {
  const r = await db('product_images').where('id', id).first('id', 'product_id', 'file', 'alt');
  if (!r) throw new NotFoundError();
  return { id: toInt(r.id), productId: toInt(r.product_id), file: r.file, alt: r.alt };
}

/** Stores processed images at the end of the product's list; files are removed again if the rows cannot be written. */
export async function addImages(db: Knex, uploadDir: string, actor: Actor, productId: number, images: ProcessedImage[], alt: string, altFr = ''): Promise<number[]> {
  const names = await writeImages(uploadDir, images);
  try {
    return await db.transaction(async (trx) => {
      const product = await trx('products').where('id', productId).first('id');
      if (!product) throw new NotFoundError();
      const max = await trx('product_images').where('product_id', productId).max({ m: 'position' }).first();
      let position = max && max.m !== null && max.m !== undefined ? toInt(max.m) + 1 : 0;
      const ids: number[] = [];
      for (let i = 0; i < images.length; i += 1) {
        const row = { product_id: productId, file: names[i], width: images[i].width, height: images[i].height, alt, position };
        const [inserted] = await trx('product_images').insert(row).returning('id');
        const id = toInt(typeof inserted === 'object' ? inserted.id : inserted);
        ids.push(id);
        position += 1;
        await setFrenchAlt(trx, id, altFr);
        await recordAudit(trx, actor, { action: 'image.create', entityType: 'product', entityId: productId, after: { imageId: id, file: names[i], alt, altFr, width: row.width, height: row.height } });
      }
      return ids;
    });
  } catch (err) {
    await removeFiles(uploadDir, names.flatMap(imageFiles));
    throw err;
  }
}

/** Saves an image's English alt and its French one ('' removes the French: French pages show the English). */
export async function updateImageAlt(db: Knex, actor: Actor, id: number, alts: ImageAlts): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await trx('product_images').where('id', id).first('product_id', 'alt');
    if (!before) throw new NotFoundError();
    const beforeFr = await trx('image_translations').where({ image_id: id, locale: 'fr' }).first('alt');
    await trx('product_images').where('id', id).update({ alt: alts.alt });
    await setFrenchAlt(trx, id, alts.altFr);
    await recordAudit(trx, actor, {
      action: 'image.update',
      entityType: 'product',
      entityId: toInt(before.product_id),
      before: { imageId: id, alt: before.alt, altFr: beforeFr?.alt ?? '' },
      after: { imageId: id, ...alts },
    });
  });
}

/** Moves an image one place up or down; positions are renumbered 0..n-1 on the way. */
export async function moveImage(db: Knex, actor: Actor, id: number, direction: 'up' | 'down'): Promise<void> {
  await db.transaction(async (trx) => {
    const image = await trx('product_images').where('id', id).first('product_id');
    if (!image) throw new NotFoundError();
    const productId = toInt(image.product_id);
    const rows = await trx('product_images').where('product_id', productId).select('id').orderBy(['position', 'id']);
    const order = rows.map((r) => toInt(r.id));
    const from = order.indexOf(id);
    const to = direction === 'up' ? from - 1 : from + 1;
    if (to < 0 || to >= order.length) return;
    [order[from], order[to]] = [order[to], order[from]];
    for (let i = 0; i < order.length; i += 1) await trx('product_images').where('id', order[i]).update({ position: i });
    await recordAudit(trx, actor, { action: 'image.reorder', entityType: 'product', entityId: productId, after: { imageIds: order } });
  });
}

export async function deleteImage(db: Knex, uploadDir: string, actor: Actor, id: number): Promise<number> {
  const removed = await db.transaction(async (trx) => {
    const row = await trx('product_images').where('id', id).first('product_id', 'file', 'alt');
    if (!row) throw new NotFoundError();
    await trx('product_images').where('id', id).delete();
    const productId = toInt(row.product_id);
    await recordAudit(trx, actor, { action: 'image.delete', entityType: 'product', entityId: productId, before: { imageId: id, file: row.file, alt: row.alt } });
    return { productId, file: row.file as string };
  });
  await removeFiles(uploadDir, imageFiles(removed.file));
  return removed.productId;
}
