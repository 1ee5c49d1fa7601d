import { IDENTIFIER_KINDS, IDENTIFIER_NAMES } from './register.identifiers.ts';
import { GENDERS, IDENTIFIER_FIELDS, NOMINAL_TYPE_NAMES, NOMINAL_TYPES } from './register.schemas.ts';

/**
 * The API's description (OpenAPI 3.1, JSON Schema 2020-12), built from the same constants as the
 * validation, served at GET /api/v1/openapi.json. register.api.db.test.ts calls every route live,
 * validates each answer against these schemas, and fails if a route is missing here.
 */

type Json = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string) => ({ description, content: { 'application/json': { schema } } });

const ERROR_TEXT: Record<number, string> = {
  400: 'The input is wrong: `error.message` says what to fix, and `error.fields` lists each field with its message.',
  401: 'No API token, or one that is wrong, expired or revoked.',
  403: 'The token lacks the scope named in the message, or the acting user may not do this.',
  404: 'No such record, or the acting user may not see it (the two are answered alike).',
  409: 'Someone changed the record since you read it: the message says who and when. Read it again, then retry.',
};

/** The error answers an operation can give, each with the one error body. */
export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), json(ref('Error'), ERROR_TEXT[c]!)]));

/** The security requirement of a route that needs one scope. */
export const scope = (name: string) => [{ bearerToken: [name] }];

const nominalId = { name: 'id', in: 'path', required: true, description: "The record's id (from search or create).", schema: { type: 'string' } };

const nominalPaths = {
  '/openapi.json': {
    get: {
      operationId: 'describeApi',
      summary: 'This description',
      security: [],
      responses: { '200': json({ type: 'object' }, 'The OpenAPI 3.1 description of the API') },
    },
  },
  '/nominals': {
    get: {
      operationId: 'findNominals',
      summary: 'Find nominals by name or alias (similar spellings included), date of birth, identifier and owning unit, together',
      description: 'Only records the acting user may read are searched. With no criteria, nothing is searched. An acting user without active register clearance finds nothing (`cleared: false`).',
      security: scope('register:read'),
      parameters: [
        { name: 'q', in: 'query', required: false, description: 'Any name or alias, as typed (similar spellings match); up to 200 characters.', schema: { type: 'string', maxLength: 200 } },
        { name: 'dob', in: 'query', required: false, description: 'Date of birth, like 1985-03-27, matched with tolerance.', schema: { type: 'string', format: 'date' } },
        { name: 'identifier', in: 'query', required: false, description: 'A PNC, CRO, CRN, prison or National Insurance number as written.', schema: { type: 'string', maxLength: 40 } },
        { name: 'unit', in: 'query', required: false, description: "The owning unit's id.", schema: { type: 'string', format: 'uuid' } },
      ],
      responses: { '200': json(ref('SearchResult'), 'Up to 50 records, most similar first'), ...errors(400, 401, 403) },
    },
    post: {
      operationId: 'createNominal',
      summary: 'Create a record, after a check for possible duplicates',
      description:
        "The record is created in the acting user's unit with the acting user as managing officer. If records the acting user may see look like the same person, nothing is created and they come back as `possibleDuplicates`; send again with `confirmedNew: true` once you have checked they are different people.",
      security: scope('register:write'),
      requestBody: { required: true, content: { 'application/json': { schema: ref('CreateNominal') } } },
      responses: {
        '201': {
          ...json(ref('Created'), 'Created'),
          headers: { Location: { description: "The new record's address in this API", schema: { type: 'string' } } },
        },
        '200': json(ref('PossibleDuplicates'), 'Nothing created: these records may be the same person'),
        ...errors(400, 401, 403),
      },
    },
  },
  '/nominals/{id}': {
    get: {
      operationId: 'viewNominal',
      summary: 'One record',
      description: 'Every read is written in the access log, naming the acting user and this client.',
      security: scope('register:read'),
      parameters: [nominalId],
      responses: { '200': json(ref('Nominal'), 'The record'), ...errors(401, 403, 404) },
    },
  },
};

const isoDate = { type: ['string', 'null'], format: 'date' };

const schemas = {
  Error: {
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: {
      error: {
        type: 'object',
        required: ['id', 'message'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', description: 'Stable: for programs and support.', examples: ['invalid-input', 'not-found', 'stale-edit'] },
          message: { type: 'string', description: 'For people: says what to do.' },
          fields: {
            type: 'array',
            items: { type: 'object', required: ['field', 'message'], additionalProperties: false, properties: { field: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  },
  NominalType: { type: 'string', enum: [...NOMINAL_TYPES], description: Object.entries(NOMINAL_TYPE_NAMES).map(([k, v]) => `${k}: ${v}`).join('; ') },
  NominalSummary: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'reference', 'nominalType', 'familyName', 'givenNames', 'dateOfBirth', 'owningUnitName'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      reference: { type: 'string', examples: ['AGA-000001'] },
      nominalType: ref('NominalType'),
      familyName: { type: 'string' },
      givenNames: { type: 'string' },
      dateOfBirth: isoDate,
      owningUnitName: { type: 'string' },
    },
  },
  SearchResult: {
    type: 'object',
    additionalProperties: false,
    required: ['cleared', 'results'],
    properties: {
      cleared: { type: 'boolean', description: 'False when the acting user has no active register clearance (and so finds nothing).' },
      results: { type: 'array', items: ref('NominalSummary') },
    },
  },
  Nominal: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'reference', 'nominalType', 'status', 'familyName', 'givenNames', 'dateOfBirth', 'gender', 'owningUnitName', 'owningAgencyName', 'managingOfficerName', 'version', 'names', 'identifiers', 'canEdit'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      reference: { type: 'string' },
      nominalType: ref('NominalType'),
      status: { type: 'string', enum: ['active', 'archived', 'deceased'] },
      familyName: { type: 'string' },
      givenNames: { type: 'string' },
      dateOfBirth: isoDate,
      gender: { type: ['string', 'null'], enum: [...GENDERS, null] },
      owningUnitName: { type: 'string' },
      owningAgencyName: { type: 'string' },
      managingOfficerName: { type: 'string' },
      version: { type: 'integer', description: "The record's version: send it back with a change, to be told if someone changed it first." },
      names: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['nameType', 'familyName', 'givenNames'],
          properties: { nameType: { type: 'string', enum: ['primary', 'alias', 'previous'] }, familyName: { type: 'string' }, givenNames: { type: 'string' } },
        },
      },
      identifiers: {
        type: 'array',
        items: { type: 'object', additionalProperties: false, required: ['kind', 'value'], properties: { kind: { type: 'string', enum: [...IDENTIFIER_KINDS] }, value: { type: 'string' } } },
      },
      canEdit: { type: 'boolean', description: 'Whether the acting user may change this record.' },
    },
  },
  CreateNominal: {
    type: 'object',
    additionalProperties: false,
    required: ['nominalType', 'givenNames', 'familyName', 'gender'],
    properties: {
      nominalType: ref('NominalType'),
      givenNames: { type: 'string', minLength: 1, maxLength: 200 },
      familyName: { type: 'string', minLength: 1, maxLength: 100 },
      dateOfBirth: { ...isoDate, description: 'Like 1985-03-27; leave out or null if not known.' },
      gender: { type: 'string', enum: [...GENDERS] },
      ...Object.fromEntries(IDENTIFIER_KINDS.map((k) => [IDENTIFIER_FIELDS[k], { type: 'string', description: IDENTIFIER_NAMES[k] }])),
      confirmedNew: { type: 'boolean', description: 'True once you have checked the possible duplicates and this is a different person.' },
    },
  },
  Created: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'reference'],
    properties: { id: { type: 'string', format: 'uuid' }, reference: { type: 'string' } },
  },
  PossibleDuplicates: {
    type: 'object',
    additionalProperties: false,
    required: ['possibleDuplicates'],
    properties: { possibleDuplicates: { type: 'array', minItems: 1, items: ref('NominalSummary') } },
  },
};

/** Further paths and schemas (items, transfers...) join the description through here. */
export interface ApiSection {
  paths: Json;
  schemas: Json;
}

export function openApiDocument(sections: ApiSection[] = []) {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Vigil register API',
      version: '1.0.0',
      description:
        'For the systems of the agencies that share the register. Each API client acts as one user of Vigil (its acting user): that user\'s clearance, unit and roles decide what the client may see and do, exactly as on the pages, and every access is written in the access log naming the acting user and the client. See docs/api.md.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerToken: [] }],
    paths: Object.assign({}, nominalPaths, ...sections.map((s) => s.paths)),
    components: {
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'vgl_ followed by 43 characters',
          description:
            'An API token issued by an administrator (Admin > API clients). Scopes: register:read (find and read records), register:write (create records, change items), audit:read (access-log proofs; issued by the operator). Each operation lists the scope it needs.',
        },
      },
      schemas: Object.assign({}, schemas, ...sections.map((s) => s.schemas)),
    },
  };
}
