import net from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { fromUrl } from '../../db/database.ts';
import { buildServices } from '../../index.ts';
import { createLogger } from '../../logger.ts';
import { createTestApp, createTestUser, seedOrganisations, signIn, type TestApp } from '../../testing/test-app.ts';

// The database goes away between Vigil and its server (a relay the test cuts), and comes back.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/**
 * A TCP relay between Vigil and PostgreSQL that the test can cut and restore,
 * to show the process survives its database going away and recovers after.
 */
function relay(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const port = { value: 0 };
  const up = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server.listen(port.value, '127.0.0.1', () => {
        port.value = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      server?.close(() => resolve());
    });
  return { up, down, port };
}

describe('when PostgreSQL goes away', () => {
  it('answers 503 on /health and a plain error page elsewhere, keeps running, and recovers', async () => {
    const target = new URL(t.database.url!);
    const r = relay(target);
    await r.up();
    const url = new URL(t.database.url!);
    url.host = `127.0.0.1:${r.port.value}`;
    const database = fromUrl(url.toString(), 2);
    const app = createApp(buildServices(t.config, database, createLogger('silent'), t.clock));
    try {
      expect((await request(app).get('/health')).status).toBe(200);
      const { unitA } = await seedOrganisations(t);
      await createTestUser(t, { username: 'night.shift', unitId: unitA });
      const agent = await signIn({ ...t, app }, 'night.shift');
      await r.down();
      const health = await request(app).get('/health');
      expect(health.status).toBe(503);
      expect(health.body.status).toBe('unavailable');
      const page = await agent.get('/');
      expect(page.status).toBe(503);
      expect(page.text).toContain('cannot reach its database');
      expect(page.text).not.toMatch(/at .*\.ts:\d+/);
      await r.up();
      expect((await request(app).get('/health')).status).toBe(200);
      expect((await agent.get('/')).status).toBe(200);
    } finally {
      await r.down();
      await database.close();
    }
  });
});
