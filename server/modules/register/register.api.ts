import { Router } from 'express';
import { badRequest } from '../../errors.ts';
import { requireScope } from '../../middleware/api-auth.ts';
import { itemApiRoutes } from './register.api.items.ts';
import { lifecycleApiRoutes } from './register.api.lifecycle.ts';
import { presentNominal, presentSearch, presentSummary } from './register.api.presenter.ts';
import { createNominalInput, findNominalsInput } from './register.api.schemas.ts';
import { itemsSection } from './register.openapi.items.ts';
import { lifecycleSection } from './register.openapi.lifecycle.ts';
import { openApiDocument } from './register.openapi.ts';
import type { ItemsService } from './register.items.service.ts';
import type { LifecycleService } from './register.lifecycle.service.ts';
import type { RegisterService } from './register.service.ts';
import type { TransferService } from './register.transfer.service.ts';

export const API_BASE = '/api/v1';

/** The services whose operations the API calls. */
export interface RegisterApiServices {
  register: RegisterService;
  items: ItemsService;
  transfers: TransferService;
  lifecycle: LifecycleService;
}

/**
 * The register's JSON API for other agencies' systems. Each route calls the same one operation
 * as the page that does the same thing, acting as the client's acting user.
 */
export function registerApi({ register: service, items, transfers, lifecycle }: RegisterApiServices): Router {
  const router = Router();
  const description = openApiDocument([itemsSection, lifecycleSection]);

  router.get(`${API_BASE}/openapi.json`, (_req, res) => {
    res.json(description);
  });

  router.get(`${API_BASE}/nominals`, requireScope('register:read'), async (req, res) => {
    const found = await service.findNominals(req.ctx, findNominalsInput(req.query));
    // The pages show bad criteria beside the form; the API answers 400 with the same messages.
    if (found.errors) throw badRequest('invalid-input', found.errors[0]!.message, found.errors);
    res.json(presentSearch(found));
  });

  router.post(`${API_BASE}/nominals`, requireScope('register:write'), async (req, res) => {
    const outcome = await service.createNominal(req.ctx, createNominalInput(req.body));
    if (outcome.kind === 'possible-duplicates') {
      res.json({ possibleDuplicates: outcome.matches.map(presentSummary) });
      return;
    }
    res.status(201).location(`${API_BASE}/nominals/${outcome.id}`).json({ id: outcome.id, reference: outcome.reference });
  });

  router.get(`${API_BASE}/nominals/:id`, requireScope('register:read'), async (req, res) => {
    res.json(presentNominal(await service.viewNominal(req.ctx, req.params.id)));
  });

  itemApiRoutes(router, items);
  lifecycleApiRoutes(router, transfers, lifecycle);
  return router;
}
