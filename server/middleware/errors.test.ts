import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { configureViews } from '../views.ts';
import { errorHandler } from './errors.ts';

function failingApp(error: unknown) {
  const app = express();
  configureViews(app, { demo: false });
  app.use((req, res, next) => {
    req.ctx = { correlationId: 'c0ffee00-0000-4000-8000-000000000000', actor: null, ip: null, userAgent: null, now: new Date(), system: false };
    res.locals.csrfToken = () => 'token';
    res.locals.cspNonce = 'nonce';
    next();
  });
  app.get('/boom', () => {
    throw error;
  });
  app.get('/api/boom', () => {
    throw error;
  });
  app.use(errorHandler());
  return app;
}

describe('the error pages', () => {
  it('shows a 500 page with a reference and no stack trace', async () => {
    const res = await request(failingApp(new Error('secret internals at line 42'))).get('/boom');
    expect(res.status).toBe(500);
    expect(res.text).toContain('Sorry, there is a problem with the service');
    expect(res.text).toContain('c0ffee00-0000-4000-8000-000000000000');
    expect(res.text).not.toContain('secret internals');
    expect(res.text).not.toContain('errors.test.ts');
  });

  it('answers an address that does not decode with 400, not 500', async () => {
    const res = await request(failingApp(Object.assign(new URIError("Failed to decode param '%C0%AF'"), { status: 400 }))).get('/boom');
    expect(res.status).toBe(400);
    expect(res.text).toContain('That address is not valid. Check the link and try again.');
    const api = await request(failingApp(Object.assign(new URIError('URI malformed'), { status: 400 }))).get('/api/boom');
    expect(api.body).toEqual({ error: { id: 'bad-address', message: 'That address is not valid. Check the link and try again.' } });
  });

  it('answers API errors as JSON with an id and a message', async () => {
    const res = await request(failingApp(new Error('hidden'))).get('/api/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { id: 'internal-error', message: 'Sorry, there is a problem with the service. Try again later.' } });
  });

  it('treats a lost database connection as 503, not 500', async () => {
    const res = await request(failingApp(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).get('/boom');
    expect(res.status).toBe(503);
    expect(res.text).toContain('Vigil cannot reach its database just now. Nothing you sent was saved.');
  });
});
