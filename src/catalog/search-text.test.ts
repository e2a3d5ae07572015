// The words of search: folding, elision, stems; and the stems agree with PostgreSQL's own Snowball stemmers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import knexFactory from 'knex';
import { indexText, searchTerms, wordForms } from './search-text';

test('a word is indexed with its English and French stems', () => {
  assert.deepEqual(wordForms('bathrobes'), ['bathrobes', 'bathrob']);
  assert.ok(wordForms('bathrobe').includes('bathrob'));
  assert.ok(wordForms('bols').includes('bol'));
  assert.ok(wordForms('serviettes').includes('serviet'));
  assert.deepEqual(wordForms('0042'), ['0042'], 'digits are kept as they are');
  assert.deepEqual(wordForms('xl'), ['xl'], 'very short words are kept as they are');
});

test('index text is folded, elisions removed, each word followed by its stems', () => {
  assert.equal(indexText("L'Huile d’Olive"), 'huile huil olive oliv');
  assert.equal(indexText('Crème Brûlée'), 'creme crem brulee brule');
});

test('query terms drop French elisions and keep English possessives as words', () => {
  assert.deepEqual(searchTerms("l'huile d'olive"), ['huile', 'olive']);
  assert.deepEqual(searchTerms('qu’un bol'), ['un', 'bol']);
  assert.deepEqual(searchTerms("Chef's apron"), ['chef', 's', 'apron']);
});

// The same words through PostgreSQL's english_stem and french_stem dictionaries (Snowball too): the stems
// computed here for SQLite are the ones PostgreSQL's text search would compute.
test('stems match PostgreSQL english_stem and french_stem', { skip: !process.env.TEST_DATABASE_URL && 'no TEST_DATABASE_URL' }, async () => {
  const db = knexFactory({ client: 'pg', connection: process.env.TEST_DATABASE_URL, pool: { min: 0, max: 1 } });
  try {
    const english = ['bathrobes', 'bathrobe', 'towels', 'aprons', 'skillets', 'running', 'glasses', 'knives', 'cushions', 'stoneware', 'ramekins', 'candles'];
    const french = ['bols', 'bol', 'serviettes', 'tasses', 'couteaux', 'verres', 'coussins', 'bougies', 'nappes', 'plaids', 'peignoirs', 'tabliers'];
    for (const [dictionary, list] of [['english_stem', english], ['french_stem', french]] as const) {
      for (const word of list) {
        const row = (await db.raw('select ts_lexize(?::regdictionary, ?) as lexemes', [dictionary, word])).rows[0] as { lexemes: string[] | null };
        const forms = wordForms(word);
        assert.ok(row.lexemes && forms.includes(row.lexemes[0]), `${dictionary}(${word}) = ${row.lexemes?.[0]}, ours: ${forms.join(', ')}`);
      }
    }
  } finally {
    await db.destroy();
  }
});
