// The words of search: what a product's text is indexed as and what a shopper's query is matched with. Pure
// functions, the same on SQLite and PostgreSQL, so both databases find the same products.
import snowball from 'snowball-stemmers';

const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 32;

/**
 * The languages whose plurals and other endings meet their stem ("bathrobes" finds "bathrobe", "bols" finds
 * "bol"). The catalogue does not record which language its text is in, so every word is indexed with the
 * stems of each; stems of one language rarely collide with unrelated words of the other.
 */
const STEMMERS = [snowball.newStemmer('english'), snowball.newStemmer('french')];

/** Lower case without diacritics, so "Café" and "cafe" meet on both databases. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** French elision: "l'huile" is "huile", "d'olivier" is "olivier" (both apostrophes). */
const ELISION = /(?<![\p{L}\p{N}])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]/giu;

/** The words of a text, folded, elisions removed; letters and digits only. */
function words(text: string): string[] {
  return foldText(text.replace(ELISION, ' ')).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The word and its stems in each language, without repeats. Digits and very short words are kept as they are. */
export function wordForms(word: string): string[] {
  const forms = [word];
  if (word.length < 3 || /\p{N}/u.test(word)) return forms;
  for (const stemmer of STEMMERS) {
    const stem = stemmer.stem(word);
    if (stem.length > 0 && !forms.includes(stem)) forms.push(stem);
  }
  return forms;
}

/** A text's words, folded and without elisions, one space apart: what PostgreSQL's text search is given. */
export function plainText(text: string): string {
  return words(text).join(' ');
}

/** A product text as the index stores it: each word followed by its stems. */
export function indexText(text: string): string {
  return words(text)
    .flatMap((w) => wordForms(w))
    .join(' ');
}

/**
 * The words of a shopper's query. Everything that is not a letter or a digit separates words, so quotes,
 * SQL and FTS operators (OR, NEAR, *, ^, :) are plain text and never reach the query language.
 */
export function searchTerms(query: string): string[] {
  const unique: string[] = [];
  for (const word of words(query)) {
    const term = word.slice(0, MAX_TERM_LENGTH);
    if (!unique.includes(term)) unique.push(term);
    if (unique.length === MAX_TERMS) break;
  }
  return unique;
}
