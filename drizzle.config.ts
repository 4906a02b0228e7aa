// drizzle-kit settings: `npm run db:generate` writes a new migration from the feature schemas.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
