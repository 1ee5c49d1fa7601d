import { ARCHIVE_REASONS } from './register.lifecycle.schemas.ts';
import { errors, scope, type ApiSection } from './register.openapi.ts';

/** Transfers, archive and restore, and merge: their part of the API's description. */

type Json = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = (name: string) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
const id = { name: 'id', in: 'path', required: true, description: "The record's id.", schema: { type: 'string' } };
const transferId = { name: 'transferId', in: 'path', required: true, description: "The transfer's id.", schema: { type: 'string' } };
const version = { type: 'integer', minimum: 1, description: "The record's version as you read it (GET /nominals/{id})." };
const text = (description: string, max = 2000) => ({ type: 'string', minLength: 1, maxLength: max, description });
const nullableText = { type: ['string', 'null'] };
const dateTime = { type: ['string', 'null'], format: 'date-time' };

const paths = {
  '/nominals/{id}/transfers': {
    post: {
      operationId: 'requestTransfer',
      summary: 'Ask another unit to take the record (the sending unit)',
      description: 'The receiving unit may read the record while it decides. 409 if a transfer is already waiting, the record is not active, or it changed since you read it.',
      security: scope('register:write'),
      parameters: [id],
      requestBody: body('TransferRequest'),
      responses: {
        '201': { ...json(ref('TransferRequested'), 'Requested'), headers: { Location: { description: "The transfer's address", schema: { type: 'string' } } } },
        ...errors(400, 401, 403, 404, 409),
      },
    },
  },
  '/transfers': {
    get: {
      operationId: 'listTransfers',
      summary: "Transfers into and out of the acting user's unit",
      security: scope('register:read'),
      responses: { '200': json(ref('TransferList'), 'Pending first, then the latest 200'), ...errors(401, 403) },
    },
  },
  '/transfers/{transferId}': {
    get: {
      operationId: 'viewTransfer',
      summary: 'One transfer; for a manager of the receiving unit, who could manage the record',
      security: scope('register:read'),
      parameters: [transferId],
      responses: { '200': json(ref('TransferDetail'), 'The transfer'), ...errors(401, 403, 404) },
    },
  },
  '/transfers/{transferId}/accept': {
    post: {
      operationId: 'acceptTransfer',
      summary: 'Accept a transfer and name the new managing officer (a manager of the receiving unit)',
      security: scope('register:write'),
      parameters: [transferId],
      requestBody: body('TransferAccept'),
      responses: { '200': json(ref('TransferDecided'), 'Accepted: the record is the unit\'s now'), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/transfers/{transferId}/reject': {
    post: {
      operationId: 'rejectTransfer',
      summary: 'Reject a transfer, with the reason (a manager of the receiving unit)',
      security: scope('register:write'),
      parameters: [transferId],
      requestBody: body('TransferReject'),
      responses: { '200': json(ref('TransferDecided'), 'Rejected'), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/nominals/{id}/archive': {
    post: {
      operationId: 'archiveNominal',
      summary: 'Archive an active record (end of notification or of MAPPA management), or mark the person deceased',
      security: scope('register:write'),
      parameters: [id],
      requestBody: body('Archive'),
      responses: { '200': json(ref('StatusChanged'), 'Archived'), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/nominals/{id}/restore': {
    post: {
      operationId: 'restoreNominal',
      summary: 'Make an archived record active again, with the reason',
      security: scope('register:write'),
      parameters: [id],
      requestBody: body('Restore'),
      responses: { '200': json(ref('StatusChanged'), 'Restored'), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/nominals/{id}/merge': {
    get: {
      operationId: 'mergePreview',
      summary: 'Both records side by side before a merge (each must be one the acting user may change)',
      security: scope('register:write'),
      parameters: [id, { name: 'with', in: 'query', required: true, description: "The other record's reference, like AGA-000123.", schema: { type: 'string', maxLength: 40 } }],
      responses: { '200': json(ref('MergePreview'), 'The two records'), ...errors(400, 401, 403, 404) },
    },
    post: {
      operationId: 'mergeNominals',
      summary: 'Merge two records of the same person: everything moves to the one that stays',
      security: scope('register:write'),
      parameters: [id],
      requestBody: body('Merge'),
      responses: { '200': json(ref('Merged'), 'Merged'), ...errors(400, 401, 403, 404, 409) },
    },
  },
};

const transfer = {
  id: { type: 'string', format: 'uuid' },
  nominalId: { type: 'string', format: 'uuid' },
  reference: { type: 'string' },
  status: { type: 'string', enum: ['pending', 'accepted', 'rejected'] },
  fromUnitId: { type: 'string', format: 'uuid' },
  fromUnitName: { type: 'string' },
  toUnitId: { type: 'string', format: 'uuid' },
  toUnitName: { type: 'string' },
  reason: { type: 'string' },
  requestedByName: { type: 'string' },
  requestedAt: { type: 'string', format: 'date-time' },
  decidedByName: nullableText,
  decidedAt: dateTime,
  decisionReason: nullableText,
  newManagerName: nullableText,
  escalatedAt: dateTime,
  version: { type: 'integer', description: "The transfer's version: send it with accept or reject." },
};
const state = {
  id: { type: 'string', format: 'uuid' },
  reference: { type: 'string' },
  familyName: { type: 'string' },
  givenNames: { type: 'string' },
  dateOfBirth: { type: ['string', 'null'], format: 'date' },
  status: { type: 'string', enum: ['active', 'archived', 'deceased', 'merged'] },
  version: { type: 'integer' },
  owningUnitName: { type: 'string' },
};
const closed = (properties: Json, required = Object.keys(properties)) => ({ type: 'object', additionalProperties: false, required, properties });
const side = closed({
  ...state,
  names: { type: 'array', items: { type: 'object' } },
  identifiers: { type: 'array', items: { type: 'object' } },
  itemCount: { type: 'integer' },
  fileCount: { type: 'integer' },
});

const schemas = {
  TransferRequest: closed({ toUnitId: { type: 'string', format: 'uuid', description: 'The receiving unit.' }, reason: text('Why the record should move'), version }),
  TransferRequested: closed({ id: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, toUnitName: { type: 'string' } }),
  Transfer: closed(transfer),
  TransferListed: closed({ ...transfer, name: { ...nullableText, description: "The person's name, where the acting user may read the record now." } }),
  TransferList: closed({ cleared: { type: 'boolean' }, incoming: { type: 'array', items: ref('TransferListed') }, outgoing: { type: 'array', items: ref('TransferListed') } }),
  TransferDetail: closed({
    ...transfer,
    record: { oneOf: [closed(state), { type: 'null' }], description: 'The record, where the acting user may read it.' },
    canDecide: { type: 'boolean' },
    possibleManagers: { type: 'array', items: closed({ id: { type: 'string', format: 'uuid' }, displayName: { type: 'string' } }) },
  }),
  TransferAccept: closed({ managingOfficerId: { type: 'string', format: 'uuid', description: 'From possibleManagers.' }, version: { ...version, description: "The transfer's version." } }),
  TransferReject: closed({ reason: text('Why the unit will not take the record'), version: { ...version, description: "The transfer's version." } }),
  TransferDecided: closed({ nominalId: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, status: { type: 'string', enum: ['accepted', 'rejected'] } }, ['reference', 'status']),
  Archive: closed(
    {
      reason: { type: 'string', enum: [...ARCHIVE_REASONS] },
      details: { type: 'string', maxLength: 2000 },
      dateOfDeath: { type: ['string', 'null'], format: 'date', description: 'Required when the reason is "died".' },
      version,
    },
    ['reason', 'version'],
  ),
  Restore: closed({ reason: text('Why the record is active again'), version }),
  StatusChanged: closed({ reference: { type: 'string' }, status: { type: 'string', enum: ['active', 'archived', 'deceased'] } }),
  MergePreview: closed({ record: side, other: side }),
  Merge: closed({
    otherId: { type: 'string', format: 'uuid' },
    survivor: { type: 'string', enum: ['this', 'other'], description: 'Which record stays.' },
    version,
    otherVersion: { ...version, description: "The other record's version as you read it." },
  }),
  Merged: closed({ survivorId: { type: 'string', format: 'uuid' }, survivorReference: { type: 'string' }, mergedReference: { type: 'string' } }),
};

export const lifecycleSection: ApiSection = { paths, schemas };
