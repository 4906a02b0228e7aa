// Stored files (report PDFs, letters, issued board packs): kept in the database with their checksum,
// so a backup of the database is a backup of everything and a file can be shown to be unchanged.
import { customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { id } from '../../db/columns.js';
import { organisations } from '../../features/organisations/schema.js';

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const documents = pgTable(
  'documents',
  {
    id: id(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    /** Text extracted from the file (e.g. a report PDF), for search and re-reading. */
    extractedText: text('extracted_text'),
    uploadedBy: uuid('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('documents_org_idx').on(t.organisationId, t.createdAt)],
);

export type StoredDocument = typeof documents.$inferSelect;
