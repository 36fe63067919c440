/**
 * The messages between the server and its read workers (./pool.ts ↔ ./worker.ts).
 *
 * A call runs one read method and answers once. A stream answers in batches: the worker sends
 * the first batch when asked, and each next one only after a `more`, so a slow download holds
 * at most two batches in memory (the one being written and the one on its way); `cancel` closes
 * the stream's statement and its connection.
 */
import { AppError } from '../errors.ts';

export type Request =
  | { type: 'call'; id: number; method: string; args: unknown }
  | { type: 'stream'; id: number; method: string; args: unknown }
  | { type: 'more'; id: number }
  | { type: 'cancel'; id: number };

export interface WireError {
  name: string;
  message: string;
  stack?: string | undefined;
  statusCode?: number;
  code?: string;
  details?: unknown;
}

export type Reply = { id: number; result: unknown } | { id: number; batch: unknown[]; done: boolean } | { id: number; error: WireError };

/** Rows per batch of a stream: large enough that messages cost little, small enough to stay light. */
export const STREAM_BATCH = 1000;

export function toWire(error: unknown): WireError {
  if (error instanceof AppError) return { name: error.name, message: error.message, statusCode: error.statusCode, code: error.code, details: error.details };
  const plain = error instanceof Error ? error : new Error(String(error));
  // SQLite's error code (SQLITE_CORRUPT, SQLITE_FULL …) goes along: the health check reads it.
  const code = (plain as { code?: unknown }).code;
  return { name: plain.name, message: plain.message, stack: plain.stack, ...(typeof code === 'string' ? { code } : {}) };
}

/** The error again on this side: an `AppError` stays one (its status and code reach the client), anything else is an Error with the worker's stack. */
export function fromWire(wire: WireError): Error {
  if (wire.statusCode !== undefined && wire.code !== undefined) return new AppError(wire.statusCode, wire.code, wire.message, wire.details);
  const error: Error & { code?: string } = new Error(wire.message);
  error.name = wire.name;
  if (wire.stack) error.stack = wire.stack;
  if (wire.code !== undefined) error.code = wire.code;
  return error;
}
