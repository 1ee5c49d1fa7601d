import { Router } from 'express';
import type { HealthService } from './health.service.ts';

export function healthRoutes(service: HealthService): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const health = await service.checkHealth();
    res.status(health.status === 'ok' ? 200 : 503).json(health);
  });
  return router;
}
