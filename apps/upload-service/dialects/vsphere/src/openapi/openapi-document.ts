/**
 * The OpenAPI 3 description of the routes this service serves, written here rather than read from
 * the vendor's file at run time (that file is not shipped with the service). Paths and schemas follow
 * the vSphere Content Library spec; the `x-vendor-operation` of each operation names the vendor's.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...json(ref('VapiStdError')) });
const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const queryParam = (name: string, description: string) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string' },
});
const security = [{ session_id: [] }];
const common = {
  '401': error('Missing or unknown vmware-api-session-id'),
  '409': error('CONCURRENT_CHANGE: lost a race; retry'),
};

const sessionPath = '/api/content/library/item/update-session/{update_session_id}';
const filePath = `${sessionPath}/file`;

const action = (name: string, summary: string, body?: object) => ({
  post: {
    operationId: name,
    summary,
    security,
    parameters: [
      pathParam('update_session_id'),
      {
        name: 'action',
        in: 'query',
        required: true,
        schema: { type: 'string', enum: [name === 'keep_alive' ? 'keep-alive' : name] },
      },
    ],
    ...(body !== undefined ? { requestBody: json(body) } : {}),
    responses: {
      '204': { description: 'Done' },
      '400': error(
        'NOT_ALLOWED_IN_CURRENT_STATE: the session is not ACTIVE (also a second cancel); INVALID_ARGUMENT: bad input',
      ),
      '404': error('NOT_FOUND: no such session for the caller'),
      ...common,
    },
  },
});

export const openApiDocument = {
  openapi: '3.0.3',
  info: {
    title: 'upload-sessions: vSphere Content Library update sessions',
    version: '0.1.0',
    description:
      'Update sessions, their files, library items and local libraries as in the vSphere 7.0.2 Content Library REST API, plus the upload endpoint and vCenter-style login.',
  },
  components: {
    securitySchemes: {
      session_id: { type: 'apiKey', in: 'header', name: 'vmware-api-session-id' },
      basic_auth: { type: 'http', scheme: 'basic' },
    },
    schemas: {
      VapiStdError: {
        type: 'object',
        required: ['error_type', 'messages'],
        properties: {
          error_type: { type: 'string', example: 'NOT_FOUND' },
          messages: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'default_message', 'args'],
              properties: {
                id: { type: 'string' },
                default_message: { type: 'string' },
                args: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      },
      WarningBehavior: {
        type: 'object',
        required: ['type', 'ignored'],
        properties: {
          type: {
            type: 'string',
            enum: [
              'SELF_SIGNED_CERTIFICATE',
              'EXPIRED_CERTIFICATE',
              'NOT_YET_VALID_CERTIFICATE',
              'UNTRUSTED_CERTIFICATE',
            ],
          },
          ignored: { type: 'boolean' },
        },
      },
      UpdateSessionModel: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          library_item_id: { type: 'string' },
          library_item_content_version: { type: 'string' },
          state: { type: 'string', enum: ['ACTIVE', 'DONE', 'ERROR', 'CANCELED'] },
          expiration_time: { type: 'string', format: 'date-time' },
          client_progress: { type: 'integer', format: 'int64' },
          warning_behavior: { type: 'array', items: ref('WarningBehavior') },
          error_message: { type: 'object' },
          preview_info: { type: 'object' },
        },
      },
      ChecksumInfo: {
        type: 'object',
        required: ['checksum'],
        properties: {
          algorithm: { type: 'string', enum: ['SHA1', 'MD5', 'SHA256', 'SHA512'] },
          checksum: { type: 'string' },
        },
      },
      FileAddSpec: {
        type: 'object',
        required: ['name', 'source_type'],
        properties: {
          name: { type: 'string' },
          source_type: {
            type: 'string',
            enum: ['PUSH'],
            description: 'PULL is not supported yet (400 UNSUPPORTED).',
          },
          size: { type: 'integer', format: 'int64' },
          checksum_info: ref('ChecksumInfo'),
        },
      },
      FileInfo: {
        type: 'object',
        required: ['name', 'source_type', 'bytes_transferred', 'status'],
        properties: {
          name: { type: 'string' },
          source_type: { type: 'string' },
          size: { type: 'integer', format: 'int64' },
          checksum_info: ref('ChecksumInfo'),
          upload_endpoint: {
            type: 'object',
            required: ['uri'],
            properties: { uri: { type: 'string', format: 'uri' } },
          },
          bytes_transferred: { type: 'integer', format: 'int64' },
          status: {
            type: 'string',
            enum: ['WAITING_FOR_TRANSFER', 'TRANSFERRING', 'READY', 'VALIDATING', 'ERROR'],
          },
          error_message: { type: 'object' },
          keep_in_storage: { type: 'boolean' },
        },
      },
      ValidationResult: {
        type: 'object',
        required: ['has_errors', 'missing_files', 'invalid_files'],
        properties: {
          has_errors: { type: 'boolean' },
          missing_files: { type: 'array', items: { type: 'string' } },
          invalid_files: { type: 'array', items: { type: 'object' } },
        },
      },
      ItemModel: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          library_id: { type: 'string' },
          name: { type: 'string' },
          description: { type: 'string' },
          type: { type: 'string' },
          content_version: { type: 'string' },
          size: { type: 'integer', format: 'int64' },
          creation_time: { type: 'string', format: 'date-time' },
          last_modified_time: { type: 'string', format: 'date-time' },
        },
      },
      LibraryModel: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          description: { type: 'string' },
          type: { type: 'string', enum: ['LOCAL'] },
          creation_time: { type: 'string', format: 'date-time' },
        },
      },
      Id: { type: 'string' },
      Ids: { type: 'array', items: { type: 'string' } },
    },
  },
  paths: {
    '/api/session': {
      post: {
        operationId: 'login',
        summary: 'Log in with HTTP Basic credentials; answers the session token for vmware-api-session-id.',
        security: [{ basic_auth: [] }],
        responses: {
          '201': { description: 'The token', ...json(ref('Id')) },
          '401': error('UNAUTHENTICATED'),
        },
      },
      delete: {
        operationId: 'logout',
        security,
        responses: { '204': { description: 'Logged out' }, '401': error('UNAUTHENTICATED') },
      },
    },
    '/api/content/local-library': {
      post: {
        operationId: 'create',
        security,
        parameters: [queryParam('client_token', 'Makes the creation idempotent')],
        requestBody: json(ref('LibraryModel')),
        responses: {
          '201': { description: 'The new id', ...json(ref('Id')) },
          '400': error('INVALID_ARGUMENT or UNSUPPORTED'),
          ...common,
        },
      },
      get: {
        operationId: 'list',
        security,
        responses: { '200': { description: 'Ids', ...json(ref('Ids')) }, ...common },
      },
    },
    '/api/content/local-library/{library_id}': {
      get: {
        operationId: 'get',
        security,
        parameters: [pathParam('library_id')],
        responses: {
          '200': { description: 'The library', ...json(ref('LibraryModel')) },
          '404': error('NOT_FOUND'),
          ...common,
        },
      },
    },
    '/api/content/library': {
      get: {
        operationId: 'list',
        security,
        responses: { '200': { description: 'Ids', ...json(ref('Ids')) }, ...common },
      },
    },
    '/api/content/library/{library_id}': {
      get: {
        operationId: 'get',
        security,
        parameters: [pathParam('library_id')],
        responses: {
          '200': { description: 'The library', ...json(ref('LibraryModel')) },
          '404': error('NOT_FOUND'),
          ...common,
        },
      },
    },
    '/api/content/library/item': {
      post: {
        operationId: 'create',
        security,
        parameters: [queryParam('client_token', 'Makes the creation idempotent')],
        requestBody: json(ref('ItemModel')),
        responses: {
          '201': { description: 'The new id', ...json(ref('Id')) },
          '400': error('ALREADY_EXISTS: name taken in the library; INVALID_ARGUMENT'),
          '404': error('NOT_FOUND: no such library'),
          ...common,
        },
      },
      get: {
        operationId: 'list',
        summary: 'Items of a library (vCenter extension of this subset).',
        security,
        parameters: [{ name: 'library_id', in: 'query', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'Ids', ...json(ref('Ids')) },
          '404': error('NOT_FOUND'),
          ...common,
        },
      },
    },
    '/api/content/library/item/{library_item_id}': {
      get: {
        operationId: 'get',
        security,
        parameters: [pathParam('library_item_id')],
        responses: {
          '200': { description: 'The item', ...json(ref('ItemModel')) },
          '404': error('NOT_FOUND'),
          ...common,
        },
      },
    },
    '/api/content/library/item/{library_item_id}/file': {
      get: {
        operationId: 'list_files',
        summary: "Files of the item's current content version.",
        security,
        parameters: [pathParam('library_item_id')],
        responses: {
          '200': { description: 'Files', ...json({ type: 'array', items: { type: 'object' } }) },
          '404': error('NOT_FOUND'),
          ...common,
        },
      },
    },
    '/api/content/library/item/update-session': {
      post: {
        operationId: 'create',
        security,
        parameters: [
          queryParam('client_token', 'Makes the creation idempotent: a retry answers the same id'),
        ],
        requestBody: json(ref('UpdateSessionModel')),
        responses: {
          '201': { description: 'The new session id', ...json(ref('Id')) },
          '400': error('INVALID_ARGUMENT'),
          '404': error('NOT_FOUND: no such library item'),
          '500': error('RESOURCE_BUSY: another ACTIVE update session on the item'),
          ...common,
        },
      },
      get: {
        operationId: 'list',
        security,
        parameters: [queryParam('library_item_id', 'Only the sessions of this item')],
        responses: {
          '200': { description: "The caller's session ids", ...json(ref('Ids')) },
          '404': error('NOT_FOUND: no such item'),
          ...common,
        },
      },
    },
    [sessionPath]: {
      get: {
        operationId: 'get',
        security,
        parameters: [pathParam('update_session_id')],
        responses: {
          '200': { description: 'The session', ...json(ref('UpdateSessionModel')) },
          '404': error('NOT_FOUND'),
          ...common,
        },
      },
      patch: {
        operationId: 'update',
        security,
        parameters: [pathParam('update_session_id')],
        requestBody: json(ref('UpdateSessionModel')),
        responses: {
          '204': { description: 'Updated' },
          '400': error('INVALID_ARGUMENT or NOT_ALLOWED_IN_CURRENT_STATE'),
          '404': error('NOT_FOUND'),
          ...common,
        },
      },
      delete: {
        operationId: 'delete',
        security,
        parameters: [pathParam('update_session_id')],
        responses: {
          '204': { description: 'Deleted' },
          '400': error('NOT_ALLOWED_IN_CURRENT_STATE: still ACTIVE'),
          '404': error('NOT_FOUND'),
          ...common,
        },
      },
    },
    [`${sessionPath}?action=cancel`]: action(
      'cancel',
      'Cancel: the session becomes CANCELED, transfers stop, received bytes are deleted.',
    ),
    [`${sessionPath}?action=complete`]: action(
      'complete',
      "Complete: the files become the item's next content version.",
    ),
    [`${sessionPath}?action=fail`]: action('fail', 'Fail: the session becomes ERROR.', {
      type: 'object',
      required: ['client_error_message'],
      properties: { client_error_message: { type: 'string' } },
    }),
    [`${sessionPath}?action=keep-alive`]: action(
      'keep_alive',
      'Keep alive: moves expiration_time; client_progress only grows.',
      {
        type: 'object',
        properties: { client_progress: { type: 'integer', minimum: 0, maximum: 100 } },
      },
    ),
    [filePath]: {
      post: {
        operationId: 'add',
        security,
        parameters: [pathParam('update_session_id')],
        requestBody: json(ref('FileAddSpec')),
        responses: {
          '201': { description: 'The file, with its upload_endpoint', ...json(ref('FileInfo')) },
          '400': error('INVALID_ARGUMENT, UNSUPPORTED (PULL) or NOT_ALLOWED_IN_CURRENT_STATE'),
          '404': error('NOT_FOUND'),
          ...common,
        },
      },
      get: {
        operationId: 'list',
        security,
        parameters: [pathParam('update_session_id')],
        responses: {
          '200': { description: 'Files', ...json({ type: 'array', items: ref('FileInfo') }) },
          '404': error('NOT_FOUND'),
          ...common,
        },
      },
    },
    [`${filePath}?action=validate`]: {
      post: {
        operationId: 'validate',
        security,
        parameters: [pathParam('update_session_id')],
        responses: {
          '200': { description: 'Missing and invalid files', ...json(ref('ValidationResult')) },
          '400': error('NOT_ALLOWED_IN_CURRENT_STATE'),
          '404': error('NOT_FOUND'),
          ...common,
        },
      },
    },
    [`${filePath}/{file_name}`]: {
      get: {
        operationId: 'get',
        security,
        parameters: [pathParam('update_session_id'), pathParam('file_name')],
        responses: {
          '200': { description: 'The file', ...json(ref('FileInfo')) },
          '400': error('INVALID_ARGUMENT: no such file'),
          '404': error('NOT_FOUND'),
          ...common,
        },
      },
      delete: {
        operationId: 'remove',
        security,
        parameters: [pathParam('update_session_id'), pathParam('file_name')],
        responses: {
          '204': { description: 'Removed' },
          '400': error('INVALID_ARGUMENT: no such file'),
          '404': error('NOT_FOUND'),
          ...common,
        },
      },
    },
    '/cls/data/{update_session_id}/{file_name}': {
      put: {
        operationId: 'upload',
        summary:
          'The upload endpoint: PUT the bytes of a PUSH file. The signed ?token= from upload_endpoint.uri authorises it (or a vmware-api-session-id header).',
        parameters: [
          pathParam('update_session_id'),
          pathParam('file_name'),
          queryParam('token', 'The signed grant'),
        ],
        requestBody: {
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
        },
        responses: {
          '200': { description: 'Received; ETag header set' },
          '400': error(
            'INVALID_ARGUMENT (size/checksum mismatch, unknown file) or NOT_ALLOWED_IN_CURRENT_STATE (session not ACTIVE, or canceled during the transfer)',
          ),
          '401': error('UNAUTHENTICATED: bad or expired token'),
          '404': error('NOT_FOUND'),
          '500': error('RESOURCE_BUSY: the same file is already being received'),
        },
      },
    },
    '/health': {
      get: { operationId: 'liveness', responses: { '200': { description: 'The process answers' } } },
    },
    '/health/ready': {
      get: {
        operationId: 'readiness',
        responses: {
          '200': { description: 'The event store answers' },
          '503': { description: 'It does not' },
        },
      },
    },
  },
} as const;
