// Every table, gathered for Drizzle and drizzle-kit; each feature owns its own schema module.
export * from '../features/organisations/schema.js';
export * from '../features/users/schema.js';
export * from '../platform/auth/schema.js';
export * from '../platform/audit/schema.js';
export * from '../platform/documents/schema.js';
export * from '../platform/jobs/schema.js';
export * from '../features/inspections/schema.js';
export * from '../features/quality/schema.js';
export * from '../features/plan/schema.js';
export * from '../features/indicators/schema.js';
export * from '../features/governance/schema.js';
export * from './revisions.js';
