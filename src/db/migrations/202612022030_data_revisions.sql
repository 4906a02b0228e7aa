-- A revision per organisation (and one for shared records), raised by every write transaction; page caches compare it.

CREATE TABLE "data_revisions" (
	"scope" text PRIMARY KEY NOT NULL,
	"revision" bigint NOT NULL
);
