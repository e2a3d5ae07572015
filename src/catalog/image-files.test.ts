// The sizes a page offers for an uploaded image: real widths, each once, smallest first; one file for anything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFiles, imageSources, newMediaBase } from './image-files';

const NAME = '0123456789abcdef0123456789abcdef';

test('an upload at least 1200 px wide offers 200, 600 and 1200', () => {
  assert.deepEqual(imageSources(`${NAME}-1200.webp`, 1200), {
    srcset: `/media/${NAME}-200.webp 200w, /media/${NAME}-600.webp 600w, /media/${NAME}-1200.webp 1200w`,
    thumbUrl: `/media/${NAME}-200.webp`,
  });
});

test('a narrow upload is not enlarged: versions of the same real width are offered once', () => {
  assert.equal(imageSources(`${NAME}-1200.webp`, 500).srcset, `/media/${NAME}-200.webp 200w, /media/${NAME}-1200.webp 500w`);
  assert.equal(imageSources(`${NAME}-1200.webp`, 150).srcset, `/media/${NAME}-1200.webp 150w`);
});

test('an SVG (the demo seed) or a name from older data is the one file', () => {
  assert.deepEqual(imageSources(`${NAME}.svg`, 800), { srcset: null, thumbUrl: `/media/${NAME}.svg` });
  // Data directories seeded before names were random keep their files and rows.
  assert.deepEqual(imageSources('seed-linen-apron-1.svg', 800), { srcset: null, thumbUrl: '/media/seed-linen-apron-1.svg' });
  assert.deepEqual(imageFiles('seed-linen-apron-1.svg'), ['seed-linen-apron-1.svg']);
  assert.deepEqual(imageFiles(`${NAME}-1200.webp`), [`${NAME}-1200.webp`, `${NAME}-600.webp`, `${NAME}-200.webp`]);
});

test('new media names are 128 random bits in hex, never the same twice', () => {
  const names = Array.from({ length: 1000 }, () => newMediaBase());
  for (const name of names) assert.match(name, /^[0-9a-f]{32}$/);
  assert.equal(new Set(names).size, names.length);
});
