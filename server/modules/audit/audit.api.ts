import { Router } from 'express';
import type { AuditService } from './audit.service.ts';

/** The auditor's API: the public key, the latest checkpoint, and proofs. */
export function auditApi(service: AuditService): Router {
  const router = Router();

  router.get('/api/audit/public-key', (req, res) => {
    res.json(service.publicKey(req.ctx));
  });

  router.get('/api/audit/checkpoint', async (req, res) => {
    const note = await service.latestCheckpoint(req.ctx);
    if (!note) {
      res.status(404).json({ error: { id: 'no-checkpoint', message: 'No checkpoint has been signed yet.' } });
      return;
    }
    res.type('text/plain; charset=utf-8').send(note);
  });

  router.get('/api/audit/proof/inclusion', async (req, res) => {
    res.json(await service.inclusionProof(req.ctx, req.query));
  });

  router.get('/api/audit/proof/consistency', async (req, res) => {
    res.json(await service.consistencyProof(req.ctx, req.query));
  });

  return router;
}
