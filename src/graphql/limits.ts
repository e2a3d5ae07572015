// Validation rules that refuse expensive documents before any resolver runs.
import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Deepest selection allowed. The deepest useful reads fit: me { orders { lines { product { variants {
 * options { name } } } } } } is 7; a product's category tree walked further is refused.
 */
export const MAX_DEPTH = 8;
export const MAX_FIELDS = 200;
export const MAX_ALIASES = 20;
/** Cart changes in one document: each one is a write, so a client sends a few at most. */
export const MAX_MUTATIONS = 10;

/** The root fields of an operation, through inline fragments and fragment spreads (each spread counted where written). */
function rootFieldCount(context: ValidationContext, selectionSet: SelectionSetNode, seen = new Set<string>()): number {
  let n = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) n += selection.name.value.startsWith('__') ? 0 : 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) n += rootFieldCount(context, selection.selectionSet, seen);
    else if (!seen.has(selection.name.value)) {
      const fragment = context.getFragment(selection.name.value);
      if (fragment) n += rootFieldCount(context, fragment.selectionSet, new Set([...seen, selection.name.value]));
    }
  }
  return n;
}

/**
 * Counts the field selections of the whole document (fragments counted where they are written) and the
 * aliases: too many of either is refused. A field selected under an alias is the usual way to
 * multiply work ("a1: products { ... } a2: products { ... }"), so aliases get a tighter limit; mutations,
 * being writes, a tighter one still.
 */
export function costLimitRule(maxFields = MAX_FIELDS, maxAliases = MAX_ALIASES, maxMutations = MAX_MUTATIONS): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let fields = 0;
    let aliases = 0;
    let mutations = 0;
    let reported = false;
    const report = (message: string) => {
      if (reported) return;
      reported = true;
      context.reportError(new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } }));
    };
    return {
      [Kind.OPERATION_DEFINITION](node) {
        if (node.operation !== 'mutation') return;
        mutations += rootFieldCount(context, node.selectionSet);
        if (mutations > maxMutations) report(`Too many mutations (at most ${maxMutations}).`);
      },
      [Kind.FIELD](node) {
        fields += 1;
        if (node.alias) aliases += 1;
        if (aliases > maxAliases) report(`Too many aliases (at most ${maxAliases}).`);
        else if (fields > maxFields) report(`Query too complex (at most ${maxFields} fields).`);
      },
    };
  };
}
