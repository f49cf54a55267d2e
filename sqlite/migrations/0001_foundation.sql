-- The foundation: reference data, the results framework, projects, partners,
-- agreements, money, users and the audit trail. Money is TEXT holding an
-- exact decimal, so SQLite never turns it into a float; dates are TEXT in
-- YYYY-MM-DD form and timestamps TEXT in a fixed-width UTC form, so they
-- sort and compare as strings.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('data_version', '1');

CREATE TABLE regions (
	code      TEXT PRIMARY KEY,
	name      TEXT NOT NULL,
	iati_code TEXT NOT NULL DEFAULT ''
);

CREATE TABLE countries (
	code          TEXT PRIMARY KEY,
	alpha3        TEXT NOT NULL,
	name          TEXT NOT NULL,
	region        TEXT NOT NULL REFERENCES regions (code),
	income_group  TEXT NOT NULL,
	oda_eligible  INTEGER NOT NULL,
	currency      TEXT NOT NULL DEFAULT '',
	dwcp_priority INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE offices (
	id      INTEGER PRIMARY KEY,
	code    TEXT NOT NULL UNIQUE,
	name    TEXT NOT NULL,
	kind    TEXT NOT NULL,
	region  TEXT NOT NULL REFERENCES regions (code),
	country TEXT REFERENCES countries (code)
);

CREATE TABLE partners (
	id        INTEGER PRIMARY KEY,
	code      TEXT NOT NULL UNIQUE,
	name      TEXT NOT NULL,
	acronym   TEXT NOT NULL DEFAULT '',
	kind      TEXT NOT NULL,
	iati_ref  TEXT NOT NULL DEFAULT '',
	iati_type TEXT NOT NULL DEFAULT '',
	country   TEXT NOT NULL DEFAULT '',
	since     INTEGER NOT NULL DEFAULT 0,
	version   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE objectives (
	code  TEXT PRIMARY KEY,
	title TEXT NOT NULL
);

CREATE TABLE periods (
	code       TEXT PRIMARY KEY,
	start_date TEXT NOT NULL,
	end_date   TEXT NOT NULL,
	vc_target  TEXT NOT NULL DEFAULT '0',
	current    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE outcomes (
	id        INTEGER PRIMARY KEY,
	period    TEXT NOT NULL REFERENCES periods (code),
	code      TEXT NOT NULL,
	title     TEXT NOT NULL,
	objective TEXT REFERENCES objectives (code),
	UNIQUE (period, code)
);

CREATE TABLE outcome_indicators (
	id         INTEGER PRIMARY KEY,
	outcome_id INTEGER NOT NULL REFERENCES outcomes (id),
	code       TEXT NOT NULL,
	title      TEXT NOT NULL,
	target     INTEGER NOT NULL DEFAULT 0,
	baseline   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE dwcps (
	id         INTEGER PRIMARY KEY,
	country    TEXT NOT NULL REFERENCES countries (code),
	title      TEXT NOT NULL,
	start_date TEXT NOT NULL,
	end_date   TEXT NOT NULL,
	status     TEXT NOT NULL
);

CREATE TABLE cpos (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE,
	dwcp_id    INTEGER NOT NULL REFERENCES dwcps (id),
	country    TEXT NOT NULL REFERENCES countries (code),
	outcome_id INTEGER NOT NULL REFERENCES outcomes (id),
	title      TEXT NOT NULL
);

CREATE TABLE projects (
	id              INTEGER PRIMARY KEY,
	code            TEXT NOT NULL UNIQUE,
	iati_identifier TEXT NOT NULL UNIQUE,
	title           TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL,
	planned_start   TEXT,
	planned_end     TEXT,
	actual_start    TEXT,
	actual_end      TEXT,
	office_id       INTEGER NOT NULL REFERENCES offices (id),
	source          TEXT NOT NULL,
	currency        TEXT NOT NULL DEFAULT 'USD',
	published       INTEGER NOT NULL DEFAULT 0,
	version         INTEGER NOT NULL DEFAULT 1,
	updated_at      TEXT
);
CREATE INDEX projects_office ON projects (office_id);
CREATE INDEX projects_status ON projects (status);

CREATE TABLE project_countries (
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	country    TEXT NOT NULL REFERENCES countries (code),
	percentage TEXT NOT NULL,
	PRIMARY KEY (project_id, seq)
);
CREATE INDEX project_countries_country ON project_countries (country);

CREATE TABLE project_regions (
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	region     TEXT NOT NULL REFERENCES regions (code),
	percentage TEXT NOT NULL,
	PRIMARY KEY (project_id, seq)
);

CREATE TABLE project_sectors (
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	sector     TEXT NOT NULL,
	percentage TEXT NOT NULL,
	PRIMARY KEY (project_id, seq)
);

CREATE TABLE project_outcomes (
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	outcome_id INTEGER NOT NULL REFERENCES outcomes (id),
	percentage TEXT NOT NULL,
	PRIMARY KEY (project_id, seq)
);
CREATE INDEX project_outcomes_outcome ON project_outcomes (outcome_id);

CREATE TABLE project_cpos (
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	cpo_id     INTEGER NOT NULL REFERENCES cpos (id),
	percentage TEXT NOT NULL,
	PRIMARY KEY (project_id, seq)
);

CREATE TABLE project_funders (
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	partner_id INTEGER NOT NULL REFERENCES partners (id),
	percentage TEXT NOT NULL,
	PRIMARY KEY (project_id, seq)
);
CREATE INDEX project_funders_partner ON project_funders (partner_id);

CREATE TABLE project_policy_markers (
	project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	seq          INTEGER NOT NULL,
	code         TEXT NOT NULL,
	significance TEXT NOT NULL,
	PRIMARY KEY (project_id, seq)
);

CREATE TABLE project_budgets (
	project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	seq          INTEGER NOT NULL,
	period_start TEXT NOT NULL,
	period_end   TEXT NOT NULL,
	amount       TEXT NOT NULL,
	currency     TEXT NOT NULL,
	value_date   TEXT NOT NULL,
	revised      INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (project_id, seq)
);

CREATE TABLE agreements (
	id             INTEGER PRIMARY KEY,
	code           TEXT NOT NULL UNIQUE,
	partner_id     INTEGER NOT NULL REFERENCES partners (id),
	title          TEXT NOT NULL DEFAULT '',
	modality       TEXT NOT NULL,
	earmark_kind   TEXT NOT NULL DEFAULT '',
	earmark_target TEXT NOT NULL DEFAULT '',
	currency       TEXT NOT NULL,
	amount         TEXT NOT NULL,
	start_date     TEXT NOT NULL,
	end_date       TEXT NOT NULL,
	signed_date    TEXT,
	status         TEXT NOT NULL,
	version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX agreements_partner ON agreements (partner_id);

CREATE TABLE agreement_tranches (
	agreement_id    INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
	seq             INTEGER NOT NULL,
	expected_date   TEXT,
	expected_amount TEXT NOT NULL,
	received_date   TEXT,
	received_amount TEXT NOT NULL DEFAULT '0',
	PRIMARY KEY (agreement_id, seq)
);

CREATE TABLE agreement_allocations (
	agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
	seq          INTEGER NOT NULL,
	project_id   INTEGER REFERENCES projects (id),
	outcome_id   INTEGER REFERENCES outcomes (id),
	region       TEXT REFERENCES regions (code),
	amount       TEXT NOT NULL,
	PRIMARY KEY (agreement_id, seq)
);
CREATE INDEX agreement_allocations_project ON agreement_allocations (project_id);

CREATE TABLE transactions (
	id                   INTEGER PRIMARY KEY,
	project_id           INTEGER REFERENCES projects (id),
	agreement_id         INTEGER REFERENCES agreements (id),
	type                 TEXT NOT NULL,
	date                 TEXT NOT NULL,
	amount               TEXT NOT NULL,
	currency             TEXT NOT NULL,
	value_date           TEXT NOT NULL,
	provider_partner_id  INTEGER REFERENCES partners (id),
	provider_ref         TEXT NOT NULL DEFAULT '',
	provider_activity_id TEXT NOT NULL DEFAULT '',
	receiver_ref         TEXT NOT NULL DEFAULT '',
	receiver_name        TEXT NOT NULL DEFAULT '',
	description          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX transactions_project ON transactions (project_id);
CREATE INDEX transactions_agreement ON transactions (agreement_id);

CREATE TABLE exchange_rates (
	currency TEXT NOT NULL,
	month    TEXT NOT NULL,
	usd_per  TEXT NOT NULL,
	source   TEXT NOT NULL,
	PRIMARY KEY (currency, month)
);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL DEFAULT '',
	office_id     INTEGER REFERENCES offices (id),
	partner_id    INTEGER REFERENCES partners (id),
	disabled      INTEGER NOT NULL DEFAULT 0,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until  TEXT,
	last_login    TEXT,
	created_at    TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE user_roles (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role    TEXT NOT NULL,
	PRIMARY KEY (user_id, role)
);

CREATE TABLE user_outcomes (
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	outcome_id INTEGER NOT NULL REFERENCES outcomes (id),
	PRIMARY KEY (user_id, outcome_id)
);

CREATE TABLE sessions (
	id         TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	seen_at    TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name       TEXT NOT NULL DEFAULT '',
	hash       TEXT NOT NULL UNIQUE,
	prefix     TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_used  TEXT,
	revoked    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit_events (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	user_id   INTEGER NOT NULL DEFAULT 0,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL,
	entity    TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	before    TEXT NOT NULL DEFAULT '',
	after     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit_events (entity, entity_id);
