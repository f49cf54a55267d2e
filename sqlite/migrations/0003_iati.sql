-- Imported IATI data, kept apart from the portfolio so it never inflates
-- the organisation's own totals; the files read; and background import
-- jobs with the uploaded files they process.

CREATE TABLE iati_files (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	sha256      TEXT NOT NULL,
	size        INTEGER NOT NULL,
	status      TEXT NOT NULL,
	report      TEXT NOT NULL DEFAULT '',
	imported_at TEXT NOT NULL
);

CREATE TABLE external_activities (
	id               INTEGER PRIMARY KEY,
	reporting_org    TEXT NOT NULL,
	identifier       TEXT NOT NULL,
	reporting_name   TEXT NOT NULL DEFAULT '',
	reporting_type   TEXT NOT NULL DEFAULT '',
	own              INTEGER NOT NULL DEFAULT 0,
	project_id       INTEGER,
	secondary        INTEGER NOT NULL DEFAULT 0,
	title            TEXT NOT NULL DEFAULT '',
	description      TEXT NOT NULL DEFAULT '',
	status           TEXT NOT NULL DEFAULT '',
	default_currency TEXT NOT NULL DEFAULT '',
	hierarchy        INTEGER NOT NULL DEFAULT 1,
	last_updated     TEXT,
	start_date       TEXT,
	end_date         TEXT,
	file_id          INTEGER,
	imported_at      TEXT NOT NULL,
	problems         TEXT NOT NULL DEFAULT '',
	xml              BLOB NOT NULL,
	UNIQUE (reporting_org, identifier)
);
CREATE INDEX external_activities_identifier ON external_activities (identifier);

CREATE TABLE external_splits (
	activity_id INTEGER NOT NULL REFERENCES external_activities (id) ON DELETE CASCADE,
	kind        TEXT NOT NULL,
	vocabulary  TEXT NOT NULL DEFAULT '',
	code        TEXT NOT NULL,
	percentage  TEXT
);
CREATE INDEX external_splits_activity ON external_splits (activity_id);
CREATE INDEX external_splits_code ON external_splits (kind, code);

CREATE TABLE external_orgs (
	activity_id  INTEGER NOT NULL REFERENCES external_activities (id) ON DELETE CASCADE,
	role         TEXT NOT NULL,
	ref          TEXT NOT NULL DEFAULT '',
	type         TEXT NOT NULL DEFAULT '',
	name         TEXT NOT NULL DEFAULT '',
	activity_ref TEXT NOT NULL DEFAULT ''
);
CREATE INDEX external_orgs_activity ON external_orgs (activity_id);
CREATE INDEX external_orgs_ref ON external_orgs (ref);

-- Money is not split into rows: it stays in the activity's XML, read when
-- an activity is shown or a funder's activities are summed. Only the
-- identifiers that trace funds between publishers are indexed.
CREATE TABLE external_links (
	activity_id INTEGER NOT NULL REFERENCES external_activities (id) ON DELETE CASCADE,
	kind        TEXT NOT NULL,
	ref         TEXT NOT NULL,
	type        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX external_links_activity ON external_links (activity_id);
CREATE INDEX external_links_ref ON external_links (ref);

CREATE TABLE external_organisations (
	id            INTEGER PRIMARY KEY,
	reporting_org TEXT NOT NULL,
	identifier    TEXT NOT NULL,
	name          TEXT NOT NULL DEFAULT '',
	file_id       INTEGER,
	imported_at   TEXT NOT NULL,
	xml           BLOB NOT NULL,
	UNIQUE (reporting_org, identifier)
);

CREATE TABLE import_jobs (
	id          INTEGER PRIMARY KEY,
	status      TEXT NOT NULL,
	created_by  INTEGER NOT NULL DEFAULT 0,
	created_at  TEXT NOT NULL,
	started_at  TEXT,
	finished_at TEXT,
	files       TEXT NOT NULL DEFAULT '',
	bytes_total INTEGER NOT NULL DEFAULT 0,
	bytes_done  INTEGER NOT NULL DEFAULT 0,
	activities  INTEGER NOT NULL DEFAULT 0,
	report      TEXT NOT NULL DEFAULT '',
	error       TEXT NOT NULL DEFAULT '',
	worker      TEXT NOT NULL DEFAULT '',
	lease_until TEXT
);

CREATE TABLE import_blobs (
	job_id INTEGER NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
	seq    INTEGER NOT NULL,
	name   TEXT NOT NULL,
	data   BLOB NOT NULL,
	PRIMARY KEY (job_id, seq)
);
