/** One OpenAPI document the service serves at `/openapi/<name>.json` and lists on `/docs`. */
export interface OpenApiDocument {
  readonly name: string;
  readonly title: string;
  readonly document: Readonly<Record<string, unknown>>;
}

/** The documents, in the order the docs page lists them: the composition root knows every dialect's. */
export const OPENAPI_DOCUMENTS = Symbol('OpenApiDocuments');
