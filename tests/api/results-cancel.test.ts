import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContribution } from '../factories/contributions.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

const FORMATS = ['csv', 'xlsx', 'pdf', 'zip'] as const;

/**
 * A working-group member who closes the tab while a download runs must not take the server down:
 * over a real socket, each format is cancelled after its first bytes, and the server keeps answering.
 */
describe('results: a download cancelled midway', () => {
  let t: TestApp;
  let group: Agent;
  let base: string;
  const unhandled: unknown[] = [];
  const log: string[] = [];
  const cancelled = (format: string) => log.filter((line) => line.includes('export cancelled by the client') && line.includes(`"format":"${format}"`)).length;
  const record = (error: unknown) => unhandled.push(error);

  beforeAll(async () => {
    process.on('unhandledRejection', record);
    process.on('uncaughtException', record);
    t = await buildTestApp({ LOG_LEVEL: 'info' }, { logStream: { write: (line) => void log.push(line) } });
    group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
    // Enough text that no format fits into the socket's buffers: the server is still writing when the client leaves.
    const text = 'Mehr Sprachkurse am Abend und eine Kinderbetreuung währenddessen wären eine große Hilfe für Eltern. '.repeat(8);
    t.db.$client.transaction(() => {
      for (let i = 0; i < 3000; i += 1) buildContribution(t.db, { text: `${i}: ${text}`, fieldsOfAction: ['arbeit'] });
    })();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await t.close();
    process.off('unhandledRejection', record);
    process.off('uncaughtException', record);
  });

  /** Starts the download, waits for its first bytes, then drops the connection; resolves with the bytes seen. */
  const cancelAfterFirstBytes = (format: string) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${base}/api/processes/${t.slug}/exports/${format}`, { headers: { cookie: group.cookie } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`${format}: ${res.statusCode}`));
          return;
        }
        res.once('data', (chunk: Buffer) => {
          req.destroy();
          resolve(chunk.length);
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (!req.destroyed) reject(error);
      });
      req.end();
    });

  const health = async () => (await fetch(`${base}/api/health`)).status;

  it.each(FORMATS)('%s: the server keeps answering and nothing escapes its request', async (format) => {
    expect(await cancelAfterFirstBytes(format)).toBeGreaterThan(0);
    // The writer notices the closed connection, stops and says so in the log, within its request.
    await expect.poll(() => cancelled(format), { timeout: 20_000 }).toBe(1);
    // The audit log holds the cancelled download too: not completed, with what was written until it stopped.
    const audit = (t.db.$client.prepare("select details from audit_log where action = 'export'").all() as Array<{ details: string }>)
      .map((row) => JSON.parse(row.details) as { format: string; completed: boolean; bytes: number; sha256: string })
      .filter((row) => row.format === format);
    expect(audit).toEqual([expect.objectContaining({ completed: false, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    expect(audit[0]!.bytes).toBeGreaterThan(0);
    for (let i = 0; i < 5; i += 1) expect(await health()).toBe(200);
    expect(log.filter((line) => line.includes('"level":50'))).toEqual([]);
    expect(unhandled).toEqual([]);
  }, 60_000);
});
