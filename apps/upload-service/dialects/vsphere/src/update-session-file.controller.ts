import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Caller, type Authenticated } from './auth/authenticated';
import { VsphereAuthGuard } from './auth/vsphere-auth.guard';
import { decode } from './codecs/decode';
import { idParam } from './codecs/params';
import { FileAddSpec, SafeFileName } from './codecs/vsphere-codecs';
import { invalidArgument } from './errors/vapi-error';
import { vapiHttpError } from './errors/vapi-error-renderer';
import { SessionFiles } from './session-files';
import { validOrThrow } from './vsphere-responses';

const sessionIdParam = (value: string): string => idParam(value, 'update_session_id');
const fileNameParam = (value: string): string => validOrThrow(decode(SafeFileName, value, 'file_name'));

/** `/api/content/library/item/update-session/{id}/file`: the files of an update session. */
@Controller('api/content/library/item/update-session/:update_session_id/file')
@UseGuards(VsphereAuthGuard)
export class UpdateSessionFileController {
  constructor(@Inject(SessionFiles) private readonly files: SessionFiles) {}

  /** Adds a PUSH file (PULL is not supported yet) and answers its info with the upload URI; `?action=validate` validates. */
  @Post()
  async add(
    @Caller() caller: Authenticated,
    @Req() request: FastifyRequest,
    @Param('update_session_id') id: string,
    @Query('action') action: unknown,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const sessionId = sessionIdParam(id);
    if (action === 'validate') {
      void reply.status(200);
      return this.files.validate(caller, sessionId);
    }
    if (action !== undefined)
      throw vapiHttpError(invalidArgument('The only action here is validate.', ['action']));
    const spec = validOrThrow(decode(FileAddSpec, body, 'request body'));
    const info = await this.files.add(caller, request, sessionId, spec);
    void reply.status(201);
    return info;
  }

  @Get()
  async list(
    @Caller() caller: Authenticated,
    @Req() request: FastifyRequest,
    @Param('update_session_id') id: string,
  ) {
    return this.files.list(caller, request, sessionIdParam(id));
  }

  @Get(':file_name')
  async get(
    @Caller() caller: Authenticated,
    @Req() request: FastifyRequest,
    @Param('update_session_id') id: string,
    @Param('file_name') name: string,
  ) {
    const sessionId = sessionIdParam(id);
    return this.files.get(caller, request, sessionId, fileNameParam(name));
  }

  @Delete(':file_name')
  @HttpCode(204)
  async remove(
    @Caller() caller: Authenticated,
    @Param('update_session_id') id: string,
    @Param('file_name') name: string,
  ) {
    const sessionId = sessionIdParam(id);
    await this.files.remove(caller, sessionId, fileNameParam(name));
  }
}
