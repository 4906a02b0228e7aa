-- Indicators that show whether a plan commitment is working.

CREATE TABLE "commitment_indicators" (
	"organisation_id" uuid NOT NULL,
	"commitment_lineage_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	CONSTRAINT "commitment_indicators_organisation_id_commitment_lineage_id_indicator_id_pk" PRIMARY KEY("organisation_id","commitment_lineage_id","indicator_id")
);

ALTER TABLE "commitment_indicators" ADD CONSTRAINT "commitment_indicators_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "commitment_indicators" ADD CONSTRAINT "commitment_indicators_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;
