// Row-level security: the second wall behind the repositories' own organisation filters. Every table
// with an organisation_id column gets a policy keyed by the transaction's `waymark.organisation_id`
// setting (set by inTransaction). It runs after every migration, so new tenant tables are covered
// without anyone remembering to add a policy.

/** The SQL that (re)applies the policy to every tenant table; idempotent. */
export const ENSURE_ROW_LEVEL_SECURITY = `
CREATE OR REPLACE FUNCTION waymark_tenant_visible(row_organisation uuid) RETURNS boolean
  LANGUAGE sql STABLE AS $$
    -- No organisation set (start-up, CLI, cross-organisation jobs): the application's filters apply.
    -- An organisation set: only its rows, whatever the query forgot.
    SELECT coalesce(nullif(current_setting('waymark.organisation_id', true), ''), row_organisation::text) = row_organisation::text
  $$;
DO $$
DECLARE t record;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organisation_id' AND NOT a.attisdropped
     WHERE n.nspname = 'public' AND c.relkind = 'r'
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
    IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = t.relname AND policyname = 'waymark_tenant') THEN
      EXECUTE format(
        'CREATE POLICY waymark_tenant ON %I USING (organisation_id IS NULL OR waymark_tenant_visible(organisation_id)) WITH CHECK (organisation_id IS NULL OR waymark_tenant_visible(organisation_id))',
        t.relname
      );
    END IF;
  END LOOP;
END $$;
`;
