import type { Writable } from 'node:stream';

/** The error a writer stops with when its reader went away: the download was cancelled, nothing broke. */
export class ReaderGone extends Error {
  readonly code = 'ERR_STREAM_PREMATURE_CLOSE';
  constructor() {
    super('The reader closed the stream before the export was complete');
  }
}

/** Whether an export stopped because its download was cancelled (not because the export failed). */
export function isCancellation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof ReaderGone || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * Waits until `out` takes more data. Rejects when it is closed first, so a writer stops producing
 * as soon as the client leaves instead of waiting forever for a `drain` that never comes.
 */
export async function drained(out: Writable): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new ReaderGone();
  if (!out.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new ReaderGone());
    const onError = (error: Error) => settle(error);
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
  });
}
