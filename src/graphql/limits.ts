// Validation rules that refuse expensive documents before any resolver runs.
import { GraphQLError, Kind, type ASTVisitor, type ValidationContext, type ValidationRule } from 'graphql';

export const MAX_DEPTH = 8;
export const MAX_FIELDS = 200;
export const MAX_ALIASES = 20;

/**
 * Counts the field selections of the whole document (fragments counted where they are written) and the
 * aliases: too many of either is refused. A field selected under an alias is the usual way to
 * multiply work ("a1: products { ... } a2: products { ... }"), so aliases get a tighter limit.
 */
export function costLimitRule(maxFields = MAX_FIELDS, maxAliases = MAX_ALIASES): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let fields = 0;
    let aliases = 0;
    let reported = false;
    const report = (message: string) => {
      if (reported) return;
      reported = true;
      context.reportError(new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } }));
    };
    return {
      [Kind.FIELD](node) {
        fields += 1;
        if (node.alias) aliases += 1;
        if (aliases > maxAliases) report(`Too many aliases (at most ${maxAliases}).`);
        else if (fields > maxFields) report(`Query too complex (at most ${maxFields} fields).`);
      },
    };
  };
}
