-- The improvement plan: versions, outcomes, commitments, actions, date changes, updates, challenges, impact.

CREATE TABLE "action_date_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"action_lineage_id" uuid NOT NULL,
	"old_date" date NOT NULL,
	"new_date" date NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_lineage_id" uuid NOT NULL,
	"subject_label" text NOT NULL,
	"question" text NOT NULL,
	"raised_by" uuid,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"owner_id" uuid,
	"due_date" date,
	"status" text DEFAULT 'open' NOT NULL,
	"response" text,
	"responded_by" uuid,
	"responded_at" timestamp with time zone,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"closing_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "commitment_recommendations" (
	"organisation_id" uuid NOT NULL,
	"commitment_id" uuid NOT NULL,
	"recommendation_id" uuid NOT NULL,
	CONSTRAINT "commitment_recommendations_organisation_id_commitment_id_recommendation_id_pk" PRIMARY KEY("organisation_id","commitment_id","recommendation_id")
);

CREATE TABLE "impact_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"commitment_lineage_id" uuid NOT NULL,
	"period" text NOT NULL,
	"rating" text NOT NULL,
	"rationale" text NOT NULL,
	"rated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "improvement_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"version_number" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"vision" text DEFAULT '' NOT NULL,
	"inspection_id" uuid,
	"start_date" date NOT NULL,
	"end_date" date,
	"statutory_deadline" date,
	"submitted_to" text,
	"submitted_on" date,
	"update_cadence_days" integer DEFAULT 42 NOT NULL,
	"approved_on" date,
	"approved_by" text,
	"approval_meeting" text,
	"approval_authority" text,
	"approval_recorded_by" uuid,
	"approved_snapshot" jsonb,
	"previous_version_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "plan_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"commitment_id" uuid NOT NULL,
	"lineage_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"ref" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"lead_email" text NOT NULL,
	"original_target_date" date NOT NULL,
	"current_target_date" date NOT NULL,
	"delivery_status" text DEFAULT 'not_started' NOT NULL,
	"rag_override" text,
	"rag_override_reason" text,
	"evidence_links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"completed_on" date,
	"embedding_evidence" text,
	"embedding_signed_off_by" uuid,
	"embedding_signed_off_at" timestamp with time zone,
	"status_reason" text,
	"learning_themes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "plan_commitments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"outcome_id" uuid NOT NULL,
	"lineage_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"ref" text NOT NULL,
	"title" text NOT NULL,
	"success_measures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "plan_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"lineage_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"ref" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "progress_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"action_lineage_id" uuid NOT NULL,
	"author_id" uuid,
	"narrative" text NOT NULL,
	"proposed_rag" text NOT NULL,
	"proposed_status" text,
	"evidence_links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_comment" text,
	"version" integer DEFAULT 1 NOT NULL
);

ALTER TABLE "action_date_changes" ADD CONSTRAINT "action_date_changes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "action_date_changes" ADD CONSTRAINT "action_date_changes_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "action_date_changes" ADD CONSTRAINT "action_date_changes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "challenges" ADD CONSTRAINT "challenges_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "challenges" ADD CONSTRAINT "challenges_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "challenges" ADD CONSTRAINT "challenges_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "challenges" ADD CONSTRAINT "challenges_responded_by_users_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "challenges" ADD CONSTRAINT "challenges_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "commitment_recommendations" ADD CONSTRAINT "commitment_recommendations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "commitment_recommendations" ADD CONSTRAINT "commitment_recommendations_commitment_id_plan_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."plan_commitments"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "commitment_recommendations" ADD CONSTRAINT "commitment_recommendations_recommendation_id_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "impact_ratings" ADD CONSTRAINT "impact_ratings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "impact_ratings" ADD CONSTRAINT "impact_ratings_rated_by_users_id_fk" FOREIGN KEY ("rated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE set null ON UPDATE no action;

ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_approval_recorded_by_users_id_fk" FOREIGN KEY ("approval_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_plan_id_improvement_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."improvement_plans"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_commitment_id_plan_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."plan_commitments"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_embedding_signed_off_by_users_id_fk" FOREIGN KEY ("embedding_signed_off_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "plan_commitments" ADD CONSTRAINT "plan_commitments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "plan_commitments" ADD CONSTRAINT "plan_commitments_plan_id_improvement_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."improvement_plans"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "plan_commitments" ADD CONSTRAINT "plan_commitments_outcome_id_plan_outcomes_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."plan_outcomes"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "plan_outcomes" ADD CONSTRAINT "plan_outcomes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "plan_outcomes" ADD CONSTRAINT "plan_outcomes_plan_id_improvement_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."improvement_plans"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "progress_updates" ADD CONSTRAINT "progress_updates_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

CREATE INDEX "action_date_changes_action_idx" ON "action_date_changes" USING btree ("organisation_id","action_lineage_id","requested_at");

CREATE INDEX "challenges_status_idx" ON "challenges" USING btree ("organisation_id","status","raised_at");

CREATE INDEX "challenges_subject_idx" ON "challenges" USING btree ("organisation_id","subject_lineage_id");

CREATE INDEX "commitment_recommendations_rec_idx" ON "commitment_recommendations" USING btree ("organisation_id","recommendation_id");

CREATE UNIQUE INDEX "impact_ratings_period_key" ON "impact_ratings" USING btree ("organisation_id","commitment_lineage_id","period");

CREATE UNIQUE INDEX "improvement_plans_version_key" ON "improvement_plans" USING btree ("organisation_id","version_number");

CREATE UNIQUE INDEX "plan_actions_ref_key" ON "plan_actions" USING btree ("organisation_id","plan_id","ref");

CREATE INDEX "plan_actions_commitment_idx" ON "plan_actions" USING btree ("organisation_id","commitment_id");

CREATE INDEX "plan_actions_lead_idx" ON "plan_actions" USING btree ("organisation_id","lead_email");

CREATE UNIQUE INDEX "plan_commitments_ref_key" ON "plan_commitments" USING btree ("organisation_id","plan_id","ref");

CREATE INDEX "plan_commitments_outcome_idx" ON "plan_commitments" USING btree ("organisation_id","outcome_id");

CREATE UNIQUE INDEX "plan_outcomes_ref_key" ON "plan_outcomes" USING btree ("organisation_id","plan_id","ref");

CREATE INDEX "progress_updates_action_idx" ON "progress_updates" USING btree ("organisation_id","action_lineage_id","submitted_at");

CREATE INDEX "progress_updates_status_idx" ON "progress_updates" USING btree ("organisation_id","status");
