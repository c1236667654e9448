export { createApp, type CreateAppOptions } from './app/create-app';
export type { AppConfig } from '@upload-sessions/service-core/config/app-config';
export { loadConfig } from '@upload-sessions/service-core/config/load-config';
export { DEFAULT_USER } from '@upload-sessions/dialect-vsphere/auth/user-directory';
export { hashPassword } from '@upload-sessions/dialect-vsphere/auth/password-hash';
export { serviceReadModels } from './app/service-read-models';
