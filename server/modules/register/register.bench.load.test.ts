import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openPages } from './register.bench.load.ts';

// The open loop of `vigil bench register`, against a stand-in server whose answers the test controls.
let server: http.Server | undefined;

async function serve(answer: (id: string, res: http.ServerResponse) => void): Promise<string> {
  server = http.createServer((req, res) => answer(req.url!.split('/').pop()!, res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('the open loop', () => {
  it('times every request from when it was due, so a stall counts once for each request sent during it', async () => {
    // Nothing is answered for the first 600 ms. A client waiting for each answer before the next
    // request would see one slow request; sixty were due in that time, and all of them waited.
    const until = performance.now() + 600;
    const base = await serve((_, res) => setTimeout(() => res.end('page'), Math.max(0, until - performance.now())));
    const result = await openPages({ base, readers: [{ cookie: '', records: ['a'] }], rate: 100, seconds: 1 });
    expect(result).toMatchObject({ scheduled: 100, ok: 100, errors: 0 });
    // Sixty of the hundred waited between about 600 ms and nothing: the median is one of them.
    expect(result.p50).toBeGreaterThan(50);
    expect(result.p99).toBeGreaterThan(400);
  });

  it('counts answers other than 200 and requests left unanswered as errors, the unanswered at the time they waited', async () => {
    const base = await serve((id, res) => {
      if (id === 'ok') res.end('page');
      else if (id === 'bad') res.writeHead(500).end();
      // 'hang': never answered.
    });
    const result = await openPages({ base, readers: [{ cookie: '', records: ['ok', 'bad', 'hang'] }], rate: 30, seconds: 1, drainMs: 1_000 });
    expect(result).toMatchObject({ scheduled: 30, ok: 10, errors: 20 });
    expect(result.p99).toBeGreaterThanOrEqual(1_000);
  });
});
