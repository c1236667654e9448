import document from './service.openapi.json';

/** The OpenAPI 3.1 document of the routes outside the vendor dialects: audit, health, metrics, docs. */
export const serviceOpenApi: Readonly<Record<string, unknown>> = document;
