-- The Ofsted record: stored documents, inspections and visits, judgements, recommendations,
-- visit findings and their links, interventions, and national reference data.

CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"extracted_text" text,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE "finding_recommendations" (
	"organisation_id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	"recommendation_id" uuid NOT NULL,
	CONSTRAINT "finding_recommendations_organisation_id_finding_id_recommendation_id_pk" PRIMARY KEY("organisation_id","finding_id","recommendation_id")
);

CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"type" text NOT NULL,
	"framework" text,
	"start_date" date NOT NULL,
	"end_date" date,
	"published_date" date,
	"lead_inspector" text,
	"sequence_number" integer,
	"focus_areas" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" text,
	"link" text,
	"source_document_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "interventions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"issued_date" date NOT NULL,
	"lifted_date" date,
	"named_person" text,
	"review_cadence" text,
	"notes" text,
	"document_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "judgements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"inspection_id" uuid NOT NULL,
	"area" text NOT NULL,
	"grade" text NOT NULL,
	"position" integer NOT NULL
);

CREATE TABLE "national_grades" (
	"la_number" integer PRIMARY KEY NOT NULL,
	"la_name" text NOT NULL,
	"region" text,
	"inspection_start_date" date,
	"inspection_end_date" date,
	"published_date" date,
	"framework" text,
	"overall" text,
	"judgements" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE "recommendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"inspection_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "statistical_neighbours" (
	"la_number" integer NOT NULL,
	"neighbour_la_number" integer NOT NULL,
	"rank" integer NOT NULL,
	"neighbour_name" text NOT NULL,
	CONSTRAINT "statistical_neighbours_la_number_neighbour_la_number_pk" PRIMARY KEY("la_number","neighbour_la_number")
);

CREATE TABLE "visit_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"inspection_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"area" text NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"is_priority_action" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

ALTER TABLE "documents" ADD CONSTRAINT "documents_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "finding_recommendations" ADD CONSTRAINT "finding_recommendations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "finding_recommendations" ADD CONSTRAINT "finding_recommendations_finding_id_visit_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."visit_findings"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "finding_recommendations" ADD CONSTRAINT "finding_recommendations_recommendation_id_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "inspections" ADD CONSTRAINT "inspections_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "inspections" ADD CONSTRAINT "inspections_source_document_id_documents_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;

ALTER TABLE "interventions" ADD CONSTRAINT "interventions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "interventions" ADD CONSTRAINT "interventions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;

ALTER TABLE "judgements" ADD CONSTRAINT "judgements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "judgements" ADD CONSTRAINT "judgements_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "visit_findings" ADD CONSTRAINT "visit_findings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "visit_findings" ADD CONSTRAINT "visit_findings_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;

CREATE INDEX "documents_org_idx" ON "documents" USING btree ("organisation_id","created_at");

CREATE INDEX "finding_recommendations_rec_idx" ON "finding_recommendations" USING btree ("organisation_id","recommendation_id");

CREATE INDEX "inspections_org_date_idx" ON "inspections" USING btree ("organisation_id","start_date");

CREATE INDEX "interventions_org_idx" ON "interventions" USING btree ("organisation_id","issued_date");

CREATE UNIQUE INDEX "judgements_inspection_area_key" ON "judgements" USING btree ("organisation_id","inspection_id","area");

CREATE UNIQUE INDEX "recommendations_inspection_number_key" ON "recommendations" USING btree ("organisation_id","inspection_id","kind","number");

CREATE INDEX "visit_findings_inspection_idx" ON "visit_findings" USING btree ("organisation_id","inspection_id","position");
