-- The case-audit list is newest first: an index that also orders by created_at lets PostgreSQL read
-- the first page straight from the index instead of sorting every audit of the organisation.
DROP INDEX IF EXISTS "case_audits_org_date_idx";
CREATE INDEX "case_audits_org_date_created_idx" ON "case_audits" USING btree ("organisation_id","audited_on","created_at");
