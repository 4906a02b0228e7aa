// drizzle-kit, used only to draft SQL: `npm run db:draft` writes the whole schema as SQL to tmp/drizzle-draft,
// to copy from when writing a migration by hand (see docs/decisions/003-migrations.md).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './tmp/drizzle-draft',
});
