export { createApp, type CreateAppOptions } from './app/create-app';
export type { AppConfig } from './config/app-config';
export { loadConfig } from './config/load-config';
export { DEFAULT_USER } from './auth/user-directory';
export { hashPassword } from './auth/password-hash';
