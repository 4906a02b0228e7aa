-- Quality assurance: teams, audit templates, case audits and actions, moderation, Check & Challenge, settings.

CREATE TABLE "audit_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"version_number" integer NOT NULL,
	"is_current" boolean DEFAULT true NOT NULL,
	"domains" jsonb NOT NULL,
	"compliance_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE "case_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"audit_id" uuid NOT NULL,
	"description" text NOT NULL,
	"owner" text NOT NULL,
	"due_date" date NOT NULL,
	"done_on" date,
	"follow_up" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "case_audits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"case_reference" text NOT NULL,
	"team_id" uuid NOT NULL,
	"worker_reference" text,
	"auditor_id" uuid NOT NULL,
	"audited_on" date NOT NULL,
	"audit_type" text NOT NULL,
	"template_id" uuid NOT NULL,
	"domain_grades" jsonb NOT NULL,
	"compliance" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"overall_grade" text NOT NULL,
	"overall_rationale" text NOT NULL,
	"strengths" text DEFAULT '' NOT NULL,
	"areas_for_development" text DEFAULT '' NOT NULL,
	"learning_themes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"independence_override_reason" text,
	"independence_overridden_by" uuid,
	"check_challenge_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "check_challenge_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"session_date" date NOT NULL,
	"team_id" uuid NOT NULL,
	"seed" text NOT NULL,
	"sample_size" integer NOT NULL,
	"case_list" jsonb NOT NULL,
	"sample" jsonb NOT NULL,
	"attendees" text DEFAULT '' NOT NULL,
	"findings" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "moderations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"audit_id" uuid NOT NULL,
	"sample_month" text NOT NULL,
	"sample_seed" text NOT NULL,
	"moderator_id" uuid,
	"agreed" boolean,
	"moderated_grade" text,
	"notes" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "quality_settings" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"case_reference_pattern" text,
	"case_reference_example" text,
	"moderation_share_percent" integer DEFAULT 10 NOT NULL,
	"baseline_month" text,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "team_members" (
	"organisation_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"is_manager" boolean DEFAULT false NOT NULL,
	CONSTRAINT "team_members_organisation_id_team_id_user_id_pk" PRIMARY KEY("organisation_id","team_id","user_id")
);

CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"service_area" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

ALTER TABLE "audit_templates" ADD CONSTRAINT "audit_templates_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "case_actions" ADD CONSTRAINT "case_actions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "case_actions" ADD CONSTRAINT "case_actions_audit_id_case_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."case_audits"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "case_audits" ADD CONSTRAINT "case_audits_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "case_audits" ADD CONSTRAINT "case_audits_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "case_audits" ADD CONSTRAINT "case_audits_auditor_id_users_id_fk" FOREIGN KEY ("auditor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "case_audits" ADD CONSTRAINT "case_audits_template_id_audit_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."audit_templates"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "case_audits" ADD CONSTRAINT "case_audits_independence_overridden_by_users_id_fk" FOREIGN KEY ("independence_overridden_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "check_challenge_sessions" ADD CONSTRAINT "check_challenge_sessions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "check_challenge_sessions" ADD CONSTRAINT "check_challenge_sessions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "moderations" ADD CONSTRAINT "moderations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "moderations" ADD CONSTRAINT "moderations_audit_id_case_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."case_audits"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "moderations" ADD CONSTRAINT "moderations_moderator_id_users_id_fk" FOREIGN KEY ("moderator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "quality_settings" ADD CONSTRAINT "quality_settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "team_members" ADD CONSTRAINT "team_members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "teams" ADD CONSTRAINT "teams_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

CREATE UNIQUE INDEX "audit_templates_version_key" ON "audit_templates" USING btree ("organisation_id","name","version_number");

CREATE INDEX "case_actions_audit_idx" ON "case_actions" USING btree ("organisation_id","audit_id");

CREATE INDEX "case_audits_org_date_idx" ON "case_audits" USING btree ("organisation_id","audited_on");

CREATE INDEX "case_audits_org_team_idx" ON "case_audits" USING btree ("organisation_id","team_id","audited_on");

CREATE INDEX "check_challenge_org_date_idx" ON "check_challenge_sessions" USING btree ("organisation_id","session_date");

CREATE UNIQUE INDEX "moderations_audit_key" ON "moderations" USING btree ("organisation_id","audit_id");

CREATE INDEX "moderations_month_idx" ON "moderations" USING btree ("organisation_id","sample_month");

CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("organisation_id","user_id");

CREATE UNIQUE INDEX "teams_org_name_key" ON "teams" USING btree ("organisation_id","name");
