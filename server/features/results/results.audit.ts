/**
 * Every export, through the web or the CLI, leaves one row in the audit log: who, which filter,
 * which format and file, how many contributions, how many bytes, and the SHA-256 of the file as
 * it was written — computed while the file streams, so nothing is held back for it.
 *
 * A download the client cancels midway is logged too, with `completed: false`: the rows and bytes
 * the writer had produced when it stopped and the SHA-256 of those bytes (part of them may still
 * have been in the socket's buffers, so the client may have received less). A failed export is
 * logged the same way with `failed: true`.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { DbOrTx } from '../../../db/index.ts';
import { appendAudit } from '../audit/audit.repo.ts';

/** A pass-through stream that counts and hashes what goes through it. */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  /** The hex SHA-256 of everything written so far; call once, at the end. */
  digest(): string {
    return this.hash.digest('hex');
  }
}

export interface ExportAuditEntry {
  userId: number | null;
  username: string | null;
  processId: string;
  via: 'web' | 'cli';
  /** csv, xlsx, pdf, zip; `quotes.csv`/`quotes.xlsx` for the quote browser's selection; `responses.xlsx`/`responses.zip` for the admins' response-level data. */
  format: string;
  filename: string;
  filter: Record<string, unknown>;
  rows: number;
  bytes: number;
  sha256: string;
  completed: boolean;
  failed?: boolean;
}

export function recordExport(db: DbOrTx, entry: ExportAuditEntry): void {
  const { userId, processId, ...details } = entry;
  appendAudit(db, { userId, action: 'export', entity: 'process', entityId: processId, details });
}
