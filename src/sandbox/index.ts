/** The Seller Center emulator: one Fetch-API handler, a node:http adapter, and seed data. */
export { createSandbox, type Sandbox } from './sandbox.js';
export { startSandboxServer, type SandboxServer, type SandboxServerOptions } from './server.js';
export type {
  SandboxOptions,
  SandboxVariants,
  SandboxFaults,
  RequestLogEntry,
  StatusFormat,
  WriteResponse,
  RetryAfterFormat,
  SandboxResource,
} from './options.js';
export type { SeedInput, SeedResult, SeedProduct, ProductMutation, SandboxStateDump } from './control.js';
export { CATEGORY_IDS, seedCategories } from './seed-categories.js';
