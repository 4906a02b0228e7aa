-- Governance: boards and members, meetings, agenda, resolutions, meeting actions, the forward plan and board packs.

CREATE TABLE "agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"presenter" text DEFAULT '' NOT NULL,
	"standing" boolean DEFAULT false NOT NULL,
	"forward_plan_item_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE "board_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text DEFAULT '' NOT NULL,
	"email" text,
	"is_chair" boolean DEFAULT false NOT NULL,
	"is_independent" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE "board_packs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"as_at" date NOT NULL,
	"narrative" jsonb NOT NULL,
	"model" jsonb,
	"issued_at" timestamp with time zone,
	"issued_by" uuid,
	"html_document_id" uuid,
	"docx_document_id" uuid,
	"xlsx_document_id" uuid,
	"pdf_document_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "boards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"sections" jsonb NOT NULL,
	"standing_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "forward_plan_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"source_meeting_id" uuid,
	"resolution_id" uuid,
	"scheduled_meeting_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "meeting_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"description" text NOT NULL,
	"owner_name" text NOT NULL,
	"owner_email" text,
	"due_date" date,
	"status" text DEFAULT 'open' NOT NULL,
	"completed_on" date,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"board_id" uuid NOT NULL,
	"meeting_date" date NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"minutes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);

CREATE TABLE "resolutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"agenda_item_id" uuid,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "board_members" ADD CONSTRAINT "board_members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "board_members" ADD CONSTRAINT "board_members_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "board_packs" ADD CONSTRAINT "board_packs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "board_packs" ADD CONSTRAINT "board_packs_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "board_packs" ADD CONSTRAINT "board_packs_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "board_packs" ADD CONSTRAINT "board_packs_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "board_packs" ADD CONSTRAINT "board_packs_html_document_id_documents_id_fk" FOREIGN KEY ("html_document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "board_packs" ADD CONSTRAINT "board_packs_docx_document_id_documents_id_fk" FOREIGN KEY ("docx_document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "board_packs" ADD CONSTRAINT "board_packs_xlsx_document_id_documents_id_fk" FOREIGN KEY ("xlsx_document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "board_packs" ADD CONSTRAINT "board_packs_pdf_document_id_documents_id_fk" FOREIGN KEY ("pdf_document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "board_packs" ADD CONSTRAINT "board_packs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

ALTER TABLE "boards" ADD CONSTRAINT "boards_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "forward_plan_items" ADD CONSTRAINT "forward_plan_items_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "forward_plan_items" ADD CONSTRAINT "forward_plan_items_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "forward_plan_items" ADD CONSTRAINT "forward_plan_items_source_meeting_id_meetings_id_fk" FOREIGN KEY ("source_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE set null ON UPDATE no action;

ALTER TABLE "forward_plan_items" ADD CONSTRAINT "forward_plan_items_resolution_id_resolutions_id_fk" FOREIGN KEY ("resolution_id") REFERENCES "public"."resolutions"("id") ON DELETE set null ON UPDATE no action;

ALTER TABLE "forward_plan_items" ADD CONSTRAINT "forward_plan_items_scheduled_meeting_id_meetings_id_fk" FOREIGN KEY ("scheduled_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE set null ON UPDATE no action;

ALTER TABLE "meeting_actions" ADD CONSTRAINT "meeting_actions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "meeting_actions" ADD CONSTRAINT "meeting_actions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "meetings" ADD CONSTRAINT "meetings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "meetings" ADD CONSTRAINT "meetings_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE set null ON UPDATE no action;

ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;

CREATE INDEX "agenda_items_meeting_idx" ON "agenda_items" USING btree ("meeting_id","position");

CREATE INDEX "board_members_board_idx" ON "board_members" USING btree ("board_id");

CREATE UNIQUE INDEX "board_packs_meeting_key" ON "board_packs" USING btree ("meeting_id");

CREATE INDEX "board_packs_board_idx" ON "board_packs" USING btree ("organisation_id","board_id","status","as_at");

CREATE UNIQUE INDEX "boards_name_key" ON "boards" USING btree ("organisation_id","name");

CREATE INDEX "forward_plan_items_org_idx" ON "forward_plan_items" USING btree ("organisation_id","status","due_date");

CREATE INDEX "meeting_actions_org_idx" ON "meeting_actions" USING btree ("organisation_id","status","due_date");

CREATE INDEX "meetings_board_idx" ON "meetings" USING btree ("organisation_id","board_id","meeting_date");

CREATE INDEX "resolutions_meeting_idx" ON "resolutions" USING btree ("meeting_id");
