// GraphQL's `locale` argument: every root field may name the operation's language (EN, FR); without it the
// request's Accept-Language decides. Read before any resolver runs, so errors and content of the whole
// operation are in one language, and the answer's Content-Language says which.
import { GraphQLError, Kind, type DocumentNode, type SelectionSetNode, type ValueNode } from 'graphql';
import type { FastifyRequest } from 'fastify';
import { translate, type Locale } from '../i18n';

const BY_ENUM: Record<string, Locale> = { EN: 'en', FR: 'fr' };

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.ENUM) return node.value;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}

function rootLocales(selectionSet: SelectionSetNode, document: DocumentNode, variables: Record<string, unknown>, out: Set<Locale>): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const argument = selection.arguments?.find((a) => a.name.value === 'locale');
      const value = argument ? valueOf(argument.value, variables) : undefined;
      if (typeof value === 'string' && BY_ENUM[value]) out.add(BY_ENUM[value]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      rootLocales(selection.selectionSet, document, variables, out);
    } else {
      const name = selection.name.value;
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) rootLocales(fragment.selectionSet, document, variables, out);
    }
  }
}

/**
 * The language the operation's root fields name, or null when none does. Two different languages in one
 * operation are refused (an error in the request's language, before anything runs).
 */
export function operationLocale(document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined, request: FastifyRequest): Locale | null {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations.find((o) => (operationName ? o.name?.value === operationName : true));
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return null;
  const found = new Set<Locale>();
  rootLocales(operation.selectionSet, document, variables ?? {}, found);
  if (found.size > 1) {
    throw new GraphQLError(translate(request.locale, 'graphql.locale.conflict'), { extensions: { code: 'BAD_USER_INPUT', messageKey: 'graphql.locale.conflict', field: 'locale' } });
  }
  return found.size === 1 ? [...found][0] : null;
}
