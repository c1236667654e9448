export { createApp, type CreateAppOptions } from './app/create-app';
export { loadServiceConfig, serviceConfigSlices, type ServiceConfig } from './app/service-config';
export { DEFAULT_USER } from '@upload-sessions/dialect-vsphere/auth/user-directory';
export { hashPassword } from '@upload-sessions/dialect-vsphere/auth/password-hash';
export { serviceReadModels } from './app/service-read-models';
