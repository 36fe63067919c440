import type { FastifyInstance } from 'fastify';
import { MAX_JSON_DEPTH } from '../../shared/domain.ts';
import { badRequest } from '../errors.ts';

/**
 * How deeply arrays and objects nest in a JSON text, counted in one pass without parsing, stopping
 * as soon as `limit` is passed. Brackets inside strings (with their escapes) do not count.
 */
export function jsonNestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) i += 1;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * Every JSON body goes through Fastify's own safe parser (prototype poisoning refused), after a
 * nesting check: thousands of nested arrays would overflow the stack of whatever walks the value
 * later (validation, the content hash), so they are refused here, for every route at once.
 */
export function registerJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) {
      done(badRequest('json_too_deep', `The JSON body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    parse(request, text, done);
  });
}
