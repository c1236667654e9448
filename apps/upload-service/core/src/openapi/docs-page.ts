import type { OpenApiDocument } from './openapi-document';

export const DOCS_ASSETS_PATH = '/docs/assets';

/** The swagger-ui-dist files the page loads, with their content types: nothing else is served. */
export const DOCS_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

/** The Swagger UI page: every document in its top bar's selector, assets from this service (no CDN). */
export const docsPage = (documents: readonly OpenApiDocument[]): string => {
  const urls = documents.map(({ name, title }) => ({ url: `/openapi/${name}.json`, name: title }));
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>upload-sessions API</title>
  <link rel="stylesheet" href="${DOCS_ASSETS_PATH}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${DOCS_ASSETS_PATH}/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${DOCS_ASSETS_PATH}/swagger-ui-bundle.js"></script>
  <script src="${DOCS_ASSETS_PATH}/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      urls: ${JSON.stringify(urls)},
      dom_id: '#swagger-ui',
      deepLinking: true,
      validatorUrl: null,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: 'StandaloneLayout',
    });
  </script>
</body>
</html>
`;
};
