import { blendvisionDialect } from '@upload-sessions/dialect-blendvision/blendvision.dialect';
import type { UserDirectory } from '@upload-sessions/dialect-vsphere/auth/user-directory';
import { vsphereDialect } from '@upload-sessions/dialect-vsphere/vsphere.dialect';
import type { DynamicModule } from '@nestjs/common';
import type { Dialect } from '@upload-sessions/service-core/dialect/dialect';

/**
 * The dialects this service speaks, in the order their credentials are tried (rate limiting, audit).
 * The one place that names them: add a dialect here and in the read models' list.
 */
export const serviceDialects = ({
  users,
  readSide,
}: {
  readonly users: UserDirectory;
  /** The read side's module (ReadSideModule.forRoot), which the dialects' queries read through. */
  readonly readSide: DynamicModule;
}): readonly Dialect[] => [vsphereDialect({ users, readSide }), blendvisionDialect({ readSide })];
