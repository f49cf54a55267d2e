-- Outcome-based workplans, allocation decisions and scenarios; the
-- resource-mobilization pipeline, targets, partner contacts and donor
-- reporting obligations; and settings an administrator changes.

CREATE TABLE partner_contacts (
	partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	name       TEXT NOT NULL,
	role       TEXT NOT NULL DEFAULT '',
	email      TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (partner_id, seq)
);
ALTER TABLE partners ADD COLUMN notes TEXT NOT NULL DEFAULT '';

ALTER TABLE agreements ADD COLUMN disclose_name INTEGER NOT NULL DEFAULT 1;
ALTER TABLE agreements ADD COLUMN disclose_docs INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agreements ADD COLUMN opportunity_id INTEGER;
ALTER TABLE agreements ADD COLUMN office_id INTEGER REFERENCES offices (id);

CREATE TABLE agreement_reports (
	id           INTEGER PRIMARY KEY,
	agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
	kind         TEXT NOT NULL,
	title        TEXT NOT NULL,
	due          TEXT NOT NULL,
	submitted    TEXT,
	office_id    INTEGER REFERENCES offices (id)
);
CREATE INDEX agreement_reports_agreement ON agreement_reports (agreement_id);
CREATE INDEX agreement_reports_due ON agreement_reports (due);

CREATE TABLE period_targets (
	period   TEXT NOT NULL REFERENCES periods (code),
	modality TEXT NOT NULL DEFAULT '',
	amount   TEXT NOT NULL,
	PRIMARY KEY (period, modality)
);

CREATE TABLE opportunities (
	id            INTEGER PRIMARY KEY,
	code          TEXT NOT NULL UNIQUE,
	partner_id    INTEGER NOT NULL REFERENCES partners (id),
	title         TEXT NOT NULL,
	stage         TEXT NOT NULL,
	modality      TEXT NOT NULL,
	currency      TEXT NOT NULL,
	amount        TEXT NOT NULL,
	expected_sign TEXT NOT NULL,
	probability   TEXT NOT NULL,
	period        TEXT NOT NULL REFERENCES periods (code),
	multi_annual  INTEGER NOT NULL DEFAULT 0,
	proposal_id   INTEGER,
	agreement_id  INTEGER REFERENCES agreements (id),
	office_id     INTEGER REFERENCES offices (id),
	notes         TEXT NOT NULL DEFAULT '',
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX opportunities_partner ON opportunities (partner_id);

CREATE TABLE opportunity_targets (
	opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
	seq            INTEGER NOT NULL,
	outcome_id     INTEGER NOT NULL REFERENCES outcomes (id),
	component      TEXT NOT NULL,
	percentage     TEXT NOT NULL,
	PRIMARY KEY (opportunity_id, seq)
);

CREATE TABLE workplans (
	id         INTEGER PRIMARY KEY,
	period     TEXT NOT NULL REFERENCES periods (code),
	outcome_id INTEGER NOT NULL REFERENCES outcomes (id),
	owner_id   INTEGER REFERENCES users (id),
	summary    TEXT NOT NULL DEFAULT '',
	version    INTEGER NOT NULL DEFAULT 1,
	UNIQUE (period, outcome_id)
);

CREATE TABLE workplan_targets (
	workplan_id   INTEGER NOT NULL REFERENCES workplans (id) ON DELETE CASCADE,
	seq           INTEGER NOT NULL,
	component     TEXT NOT NULL,
	indicator_id  INTEGER,
	result        TEXT NOT NULL,
	member_states INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (workplan_id, seq)
);

CREATE TABLE workplan_milestones (
	workplan_id INTEGER NOT NULL REFERENCES workplans (id) ON DELETE CASCADE,
	target_seq  INTEGER NOT NULL,
	seq         INTEGER NOT NULL,
	due         TEXT NOT NULL,
	description TEXT NOT NULL,
	status      TEXT NOT NULL,
	PRIMARY KEY (workplan_id, target_seq, seq)
);

CREATE TABLE workplan_requirements (
	workplan_id INTEGER NOT NULL REFERENCES workplans (id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	component   TEXT NOT NULL,
	amount      TEXT NOT NULL,
	min_rbsa    TEXT NOT NULL DEFAULT '0',
	max_rbsa    TEXT NOT NULL DEFAULT '0',
	note        TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (workplan_id, seq)
);

CREATE TABLE workplan_plans (
	workplan_id INTEGER NOT NULL REFERENCES workplans (id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	component   TEXT NOT NULL,
	source      TEXT NOT NULL,
	amount      TEXT NOT NULL,
	PRIMARY KEY (workplan_id, seq)
);

CREATE TABLE allocation_decisions (
	id         INTEGER PRIMARY KEY,
	period     TEXT NOT NULL REFERENCES periods (code),
	pool       TEXT NOT NULL,
	outcome_id INTEGER NOT NULL REFERENCES outcomes (id),
	component  TEXT NOT NULL,
	amount     TEXT NOT NULL,
	reason     TEXT NOT NULL DEFAULT '',
	decided_by INTEGER NOT NULL DEFAULT 0,
	decided_at TEXT NOT NULL
);
CREATE INDEX allocation_decisions_period ON allocation_decisions (period);

CREATE TABLE scenarios (
	id         INTEGER PRIMARY KEY,
	period     TEXT NOT NULL REFERENCES periods (code),
	name       TEXT NOT NULL,
	body       TEXT NOT NULL,
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
