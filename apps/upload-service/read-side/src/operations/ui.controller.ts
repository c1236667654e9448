import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { UiAssets } from './ui-assets';

/** Same-origin only: no inline script or style, nothing from elsewhere (the page works offline). */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self';" +
    " frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/** `GET /ui`: the operations page (no credentials needed to load it; it asks for them). */
@Controller('ui')
export class UiController {
  constructor(@Inject(UiAssets) private readonly assets: UiAssets) {}

  @Get()
  page(@Res() reply: FastifyReply): void {
    this.send(reply, 'index.html');
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() reply: FastifyReply): void {
    this.send(reply, name);
  }

  private send(reply: FastifyReply, name: string): void {
    const missing = this.assets.missing();
    const asset = missing === undefined ? this.assets.get(name) : undefined;
    if (asset === undefined) {
      void reply
        .code(missing === undefined ? 404 : 503)
        .headers(SECURITY_HEADERS)
        .type('text/plain; charset=utf-8')
        .send(missing ?? `No ${name} here.`);
      return;
    }
    void reply.code(200).headers(SECURITY_HEADERS).type(asset.contentType).send(asset.body);
  }
}
