import { ITEM_KINDS, type FieldDef } from './register.items.ts';
import { errors, scope, type ApiSection } from './register.openapi.ts';

/** The items part of the API's description, generated from the kinds' definitions (register.items.ts). */

type Json = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string) => ({ description, content: { 'application/json': { schema } } });

/** How a client sends one field of a kind. */
function fieldSchema(f: FieldDef): Json {
  const base: Json = { description: f.label + (f.required ? ' (required)' : '') + (f.hint ? `. ${f.hint}` : '') };
  switch (f.type) {
    case 'text':
    case 'textarea':
      return { ...base, type: 'string', maxLength: f.max ?? (f.type === 'text' ? 200 : 4000) };
    case 'date':
      return { ...base, type: 'string', format: 'date' };
    case 'choice':
      return { ...base, type: 'string', enum: [...(f.choices ?? []).map((c) => c.value), ''] };
    case 'yesno':
      return { ...base, type: 'boolean' };
    default:
      return {
        ...base,
        type: 'object',
        description: `${f.label}${f.required ? ' (required when adding)' : ''}: the file's bytes in standard base64, checked by content (${f.accept === 'image' ? 'JPEG, PNG or WebP' : 'PDF, JPEG, PNG or WebP'}) and size. Leave it out on a change to keep the file already held. Read it back from /nominals/{id}/files/{fileId}, the fileId being in the item's data.`,
        additionalProperties: false,
        required: ['contentBase64'],
        properties: { contentBase64: { type: 'string', contentEncoding: 'base64' } },
      };
  }
}

const kindSchemas = Object.fromEntries(
  ITEM_KINDS.map((k) => [
    `ItemFields_${k.kind.replace(/-/g, '_')}`,
    {
      type: 'object',
      description: `${k.name}: the fields of this kind.${k.sensitivity === 'choose' ? ' Send sensitivity: standard or restricted.' : ` Always ${k.sensitivity}.`}`,
      additionalProperties: false,
      properties: {
        ...Object.fromEntries(k.fields.map((f) => [f.name, fieldSchema(f)])),
        ...(k.sensitivity === 'choose' ? { sensitivity: ref('Sensitivity') } : {}),
        version: { type: 'integer', minimum: 1, description: 'On a change (PUT): the version you read.' },
      },
    },
  ]),
);

const ids = [
  { name: 'id', in: 'path', required: true, description: "The record's id.", schema: { type: 'string' } },
  { name: 'itemId', in: 'path', required: true, description: "The item's id.", schema: { type: 'string' } },
];
const kindParam = { name: 'kind', in: 'query', required: true, description: 'The kind of item.', schema: { type: 'string', enum: ITEM_KINDS.map((k) => k.kind) } };
const input = (description: string) => ({
  required: true,
  description: `${description} The fields of each kind are the ItemFields_<kind> schemas.`,
  content: { 'application/json': { schema: ref('ItemInput') } },
});

const paths = {
  '/nominals/{id}/items': {
    get: {
      operationId: 'listItems',
      summary: "The record's current items of one kind",
      description: 'Restricted items (medical details, or those marked restricted) only for the owning unit, the managing officer and supervisors.',
      security: scope('register:read'),
      parameters: [ids[0], kindParam],
      responses: { '200': json(ref('ItemList'), 'The items, newest change first'), ...errors(400, 401, 403, 404) },
    },
    post: {
      operationId: 'addItem',
      summary: 'Add an item of a kind to the record',
      security: scope('register:write'),
      parameters: [ids[0], kindParam],
      requestBody: input('The item.'),
      responses: {
        '201': { ...json(ref('ItemSaved'), 'Added'), headers: { Location: { description: "The item's address", schema: { type: 'string' } } } },
        ...errors(400, 401, 403, 404),
      },
    },
  },
  '/nominals/{id}/files/{fileId}': {
    get: {
      operationId: 'viewFile',
      summary: 'A photograph or document held on the record, as its bytes',
      description: 'Only if the reader may see the item that holds it (restricted items: owning unit, managing officer, supervisors). Each read is logged.',
      security: scope('register:read'),
      parameters: [ids[0], { name: 'fileId', in: 'path', required: true, description: "The file's id, from the item's data (fileId).", schema: { type: 'string' } }],
      responses: {
        '200': { description: 'The file', content: { 'image/jpeg': {}, 'image/png': {}, 'image/webp': {}, 'application/pdf': {} } },
        ...errors(401, 403, 404),
      },
    },
  },
  '/nominals/{id}/items/{itemId}': {
    get: {
      operationId: 'viewItem',
      summary: 'One item with its full history',
      security: scope('register:read'),
      parameters: ids,
      responses: { '200': json(ref('ItemWithHistory'), 'The item'), ...errors(401, 403, 404) },
    },
    put: {
      operationId: 'editItem',
      summary: 'Change an item (every field, as for add), with the version you read',
      security: scope('register:write'),
      parameters: ids,
      requestBody: input('The item, with `version`.'),
      responses: { '200': json(ref('ItemSaved'), 'Changed: the new version'), ...errors(400, 401, 403, 404, 409) },
    },
    delete: {
      operationId: 'removeItem',
      summary: "Remove an item from the record's pages (it stays in the history)",
      security: scope('register:write'),
      parameters: [...ids, { name: 'version', in: 'query', required: false, description: 'The version you read (or send `{ "version": n }` as the body).', schema: { type: 'integer' } }],
      responses: { '204': { description: 'Removed' }, ...errors(400, 401, 403, 404, 409) },
    },
  },
};

const item = {
  id: { type: 'string', format: 'uuid' },
  kind: { type: 'string', enum: ITEM_KINDS.map((k) => k.kind) },
  sensitivity: ref('Sensitivity'),
  version: { type: 'integer', minimum: 1 },
  updatedAt: { type: 'string', format: 'date-time' },
  updatedByName: { type: ['string', 'null'] },
  data: { type: 'object', description: "The item's fields, as in ItemFields_<kind>; a file field holds the file's id." },
};

const schemas = {
  ...kindSchemas,
  Sensitivity: { type: 'string', enum: ['standard', 'restricted'] },
  ItemInput: {
    type: 'object',
    description: 'The fields of the kind (see ItemFields_<kind>): text as strings, dates like 2024-03-27, yes/no as booleans.',
    properties: { sensitivity: ref('Sensitivity'), version: { type: 'integer', minimum: 1 } },
  },
  Item: { type: 'object', additionalProperties: false, required: Object.keys(item), properties: item },
  ItemList: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'items'],
    properties: { kind: item.kind, items: { type: 'array', items: ref('Item') } },
  },
  ItemWithHistory: {
    type: 'object',
    additionalProperties: false,
    required: [...Object.keys(item), 'history'],
    properties: {
      ...item,
      history: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['version', 'sensitivity', 'removed', 'changedAt', 'changedByName', 'data'],
          properties: {
            version: { type: 'integer' },
            sensitivity: ref('Sensitivity'),
            removed: { type: 'boolean' },
            changedAt: { type: 'string', format: 'date-time' },
            changedByName: { type: ['string', 'null'] },
            data: { type: 'object' },
          },
        },
      },
    },
  },
  ItemSaved: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'kind', 'version'],
    properties: { id: item.id, kind: item.kind, version: item.version },
  },
};

export const itemsSection: ApiSection = { paths, schemas };
