-- Performance: indicators, targets, observations with revisions, and DfE published statistics.

CREATE TABLE "dfe_statistics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file" text NOT NULL,
	"measure" text NOT NULL,
	"time_period" text NOT NULL,
	"year" text NOT NULL,
	"geographic_level" text NOT NULL,
	"region_code" text,
	"region_name" text,
	"la_numbers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"la_name" text,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"value" numeric,
	"missing_code" text,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE "indicator_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"from_period" text NOT NULL,
	"target" numeric NOT NULL,
	"tolerance" numeric NOT NULL,
	"baseline" numeric,
	"baseline_period" text,
	"set_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"definition" text NOT NULL,
	"unit" text NOT NULL,
	"polarity" text NOT NULL,
	"frequency" text NOT NULL,
	"source" text NOT NULL,
	"category" text NOT NULL,
	"numerator" text,
	"denominator" text,
	"is_key" boolean DEFAULT false NOT NULL,
	"by_team" boolean DEFAULT false NOT NULL,
	"is_custom" boolean DEFAULT false NOT NULL,
	"dfe" jsonb,
	"owner_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "observation_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"observation_id" uuid NOT NULL,
	"old_value" numeric,
	"new_value" numeric,
	"reason" text NOT NULL,
	"revised_by" uuid,
	"revised_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE "observations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"team_key" text DEFAULT '' NOT NULL,
	"period" text NOT NULL,
	"value" numeric,
	"missing_code" text,
	"note" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "indicators" ADD CONSTRAINT "indicators_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "indicators" ADD CONSTRAINT "indicators_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "observation_revisions" ADD CONSTRAINT "observation_revisions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "observation_revisions" ADD CONSTRAINT "observation_revisions_observation_id_observations_id_fk" FOREIGN KEY ("observation_id") REFERENCES "public"."observations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "observation_revisions" ADD CONSTRAINT "observation_revisions_revised_by_users_id_fk" FOREIGN KEY ("revised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "observations" ADD CONSTRAINT "observations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "observations" ADD CONSTRAINT "observations_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "observations" ADD CONSTRAINT "observations_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

CREATE INDEX "dfe_statistics_measure_idx" ON "dfe_statistics" USING btree ("file","measure","time_period");

CREATE UNIQUE INDEX "indicator_targets_period_key" ON "indicator_targets" USING btree ("organisation_id","indicator_id","from_period");

CREATE UNIQUE INDEX "indicators_code_key" ON "indicators" USING btree ("organisation_id","code");

CREATE INDEX "observation_revisions_obs_idx" ON "observation_revisions" USING btree ("organisation_id","observation_id");

CREATE UNIQUE INDEX "observations_period_key" ON "observations" USING btree ("organisation_id","indicator_id","team_key","period");

CREATE INDEX "observations_period_idx" ON "observations" USING btree ("organisation_id","period");
