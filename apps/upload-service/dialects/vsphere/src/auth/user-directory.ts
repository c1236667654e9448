import type { UserConfig } from '../config/vsphere-config';
import { hashPassword, verifyPassword } from './password-hash';
import type { Principal } from '@upload-sessions/service-core/auth/principal';

/** The credentials that work while no users are configured (printed in the README). */
export const DEFAULT_USER = {
  username: 'administrator@vsphere.local',
  password: 'upload-sessions',
  organizationId: 'default',
} as const;

/** Checks HTTP Basic credentials against the configured users (or the default user when none are). */
export class UserDirectory {
  private constructor(
    private readonly users: ReadonlyMap<string, UserConfig>,
    /** A real hash to spend the same time on for unknown user names. */
    private readonly decoyHash: string,
    readonly usesDefaultUser: boolean,
  ) {}

  static async create(configured: readonly UserConfig[]): Promise<UserDirectory> {
    const usesDefault = configured.length === 0;
    const users = usesDefault
      ? [{ ...DEFAULT_USER, passwordHash: await hashPassword(DEFAULT_USER.password) }]
      : configured;
    return new UserDirectory(
      new Map(users.map((user) => [user.username, user])),
      await hashPassword('decoy password'),
      usesDefault,
    );
  }

  async authenticate(username: string, password: string): Promise<Principal | undefined> {
    const user = this.users.get(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? this.decoyHash);
    return ok && user !== undefined
      ? { username: user.username, organizationId: user.organizationId }
      : undefined;
  }
}
