import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('GET /health', () => {
  it('reports the engine, its version and that migrations are current', async () => {
    const res = await request(t.app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: { engine: 'postgresql', version: expect.stringMatching(/^\d+(\.\d+)?/) },
      migrations: 'current',
    });
  });
});
