import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../../shared/api/errors.ts';
import { AppError } from '../errors.ts';

/** Fastify's own error codes, mapped to the snake_case codes of our contract. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_BAD_URL: 'bad_url',
  FST_ERR_MAX_PARAM_LENGTH: 'url_too_long',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
};

function body(code: string, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

/**
 * Every failure leaves in one shape. Caller mistakes keep their 4xx and a clear message;
 * anything else becomes a 500 that names no internals (the log has the stack).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      return reply.code(error.statusCode).send(body(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => ({
        path: `${error.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}`,
        message: issue.message ?? 'invalid',
        ...(issue.keyword === 'unrecognized_keys' ? { keys: (issue.params as { keys?: string[] }).keys } : {}),
      }));
      return reply.code(400).send(body('validation_failed', 'The request does not match the expected format', details));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return reply.code(500).send(body('internal_error', 'Something went wrong on our side'));
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Proto-poisoning and malformed JSON come here as SyntaxErrors with status 400.
      const code = (error.code && FASTIFY_CODES[error.code]) ?? (error instanceof SyntaxError ? 'invalid_json' : 'bad_request');
      if (status === 429) return reply.code(429).send(body('rate_limited', 'Too many requests, please wait a moment'));
      return reply.code(status).send(body(code, error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(status >= 500 && status < 600 ? status : 500).send(body('internal_error', 'Something went wrong on our side'));
  });

}

/**
 * Errors Fastify meets before a route runs (a path that is not valid percent-encoding, a path
 * parameter over the length limit) go through the same handler instead of Fastify's own body.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const code = (error.code && FASTIFY_CODES[error.code]) ?? 'bad_request';
  const messages: Record<string, string> = {
    bad_url: 'The address is not valid URL encoding',
    url_too_long: 'A part of the address is too long',
  };
  void reply.code(status).send(body(code, messages[code] ?? 'The request could not be read'));
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them: a request line or headers
 * over 16 KB (431), a request that took too long to arrive (408), bytes that are no HTTP (400).
 * They answer in the one error shape too, written straight to the socket.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, payload] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, body('headers_too_large', 'The address or the headers of the request are too long')]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, body('request_timeout', 'The request took too long to arrive')]
        : [400, body('bad_request', 'The request could not be read')];
  const text = JSON.stringify(payload);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(error);
}
