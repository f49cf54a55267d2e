-- Proposals: the current version as JSON with the columns the workflow and
-- the queues filter on, every saved version, the workflow's history,
-- comments, and in-app notifications.

CREATE TABLE proposals (
	id           INTEGER PRIMARY KEY,
	title        TEXT NOT NULL,
	office_id    INTEGER NOT NULL REFERENCES offices (id),
	partner_id   INTEGER REFERENCES partners (id),
	state        TEXT NOT NULL,
	amount       TEXT NOT NULL,
	currency     TEXT NOT NULL,
	period       TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL,
	appraisal    TEXT NOT NULL DEFAULT '',
	me_review    TEXT NOT NULL DEFAULT '',
	created_by   INTEGER NOT NULL DEFAULT 0,
	created_at   TEXT NOT NULL,
	submitted_by INTEGER NOT NULL DEFAULT 0,
	state_since  TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	project_id   INTEGER REFERENCES projects (id),
	agreement_id INTEGER REFERENCES agreements (id),
	version      INTEGER NOT NULL DEFAULT 1,
	revision     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX proposals_office ON proposals (office_id);
CREATE INDEX proposals_state ON proposals (state);

CREATE TABLE proposal_versions (
	proposal_id INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
	version     INTEGER NOT NULL,
	created_by  INTEGER NOT NULL DEFAULT 0,
	created_at  TEXT NOT NULL,
	body        TEXT NOT NULL,
	PRIMARY KEY (proposal_id, version)
);

CREATE TABLE proposal_events (
	id          INTEGER PRIMARY KEY,
	proposal_id INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
	at          TEXT NOT NULL,
	user_id     INTEGER NOT NULL DEFAULT 0,
	actor       TEXT NOT NULL DEFAULT '',
	from_state  TEXT NOT NULL DEFAULT '',
	to_state    TEXT NOT NULL,
	action      TEXT NOT NULL DEFAULT '',
	version     INTEGER NOT NULL DEFAULT 0,
	comment     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX proposal_events_proposal ON proposal_events (proposal_id);

CREATE TABLE proposal_comments (
	id          INTEGER PRIMARY KEY,
	proposal_id INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
	at          TEXT NOT NULL,
	user_id     INTEGER NOT NULL DEFAULT 0,
	author      TEXT NOT NULL DEFAULT '',
	path        TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL
);
CREATE INDEX proposal_comments_proposal ON proposal_comments (proposal_id);

CREATE TABLE notifications (
	id      INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	at      TEXT NOT NULL,
	text    TEXT NOT NULL,
	link    TEXT NOT NULL DEFAULT '',
	read    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_user ON notifications (user_id, read);
