package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"devcoop"
)

const proposalCols = `id, state, body, appraisal, me_review, created_by, created_at, submitted_by, state_since, updated_at, project_id, agreement_id, version, revision`

func scanProposal(sc interface{ Scan(...any) error }) (*devcoop.ProposalRecord, error) {
	r := new(devcoop.ProposalRecord)
	var id int64
	var state devcoop.ProposalState
	var body string
	var version int
	var updated time.Time
	if err := sc.Scan(&id, &state, &body, &r.AppraisalJSON, &r.MEReviewJSON, &r.CreatedBy, nullTime{&r.CreatedAt}, &r.SubmittedBy, nullTime{&r.StateSince},
		nullTime{&updated}, nullInt{&r.ProjectID}, nullInt{&r.AgreementID}, &version, &r.Revision); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &r.Proposal); err != nil {
		return nil, err
	}
	r.ID, r.Status, r.Version, r.UpdatedAt = id, state, version, updated
	return r, nil
}

func proposalBody(p *devcoop.Proposal) (string, error) {
	b, err := json.Marshal(p)
	return string(b), err
}

// Proposals lists proposals matching f, newest first.
func (c *conn) Proposals(ctx context.Context, f devcoop.ProposalFilter) ([]*devcoop.ProposalRecord, error) {
	var w where
	if f.OfficeID != 0 {
		w.add(`office_id = ?`, f.OfficeID)
	}
	if f.States != nil {
		if len(f.States) == 0 {
			w.add(`1 = 0`)
		} else {
			args := make([]any, len(f.States))
			for i, s := range f.States {
				args[i] = s
			}
			w.add(`state IN (`+placeholders(len(args))+`)`, args...)
		}
	}
	if f.IDs != nil {
		w.in("id", f.IDs)
	}
	rows, err := c.query(ctx, `SELECT `+proposalCols+` FROM proposals`+w.sql()+` ORDER BY updated_at DESC, id DESC`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*devcoop.ProposalRecord
	for rows.Next() {
		r, err := scanProposal(rows)
		if err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, r)
	}
	return out, c.wrap(rows.Err())
}

// Proposal returns one proposal.
func (c *conn) Proposal(ctx context.Context, id int64) (*devcoop.ProposalRecord, error) {
	r, err := scanProposal(c.queryRow(ctx, `SELECT `+proposalCols+` FROM proposals WHERE id = ?`, id))
	if err != nil {
		return nil, c.wrap(notFound(err, "proposal", id))
	}
	return r, nil
}

// CreateProposal stores a new proposal at version 1, with that version
// saved.
func (tx *Tx) CreateProposal(ctx context.Context, r *devcoop.ProposalRecord) error {
	tx.changed = true
	now := devcoop.WriteTime(ctx)
	r.Version, r.Revision, r.CreatedAt, r.StateSince, r.UpdatedAt = 1, 1, now, now, now
	if r.Status == "" {
		r.Status = devcoop.ProposalDraft
	}
	body, err := proposalBody(&r.Proposal)
	if err != nil {
		return err
	}
	id, err := tx.insertID(ctx, `INSERT INTO proposals (title, office_id, partner_id, state, amount, currency, period, body, created_by, created_at, state_since, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		r.Title, r.OfficeID, nullID(r.PartnerID), r.Status, r.Amount, r.Currency, r.Period, body, r.CreatedBy, tx.ts(now), tx.ts(now), tx.ts(now))
	if err != nil {
		return err
	}
	r.ID = id
	return tx.addVersion(ctx, r, now)
}

func (tx *Tx) addVersion(ctx context.Context, r *devcoop.ProposalRecord, at time.Time) error {
	r.Proposal.ID, r.Proposal.Version = r.ID, r.Version
	body, err := proposalBody(&r.Proposal)
	if err != nil {
		return err
	}
	by := r.CreatedBy
	if u := devcoop.UserFrom(ctx); u != nil {
		by = u.ID
	}
	_, err = tx.exec(ctx, `INSERT INTO proposal_versions (proposal_id, version, created_by, created_at, body) VALUES (?, ?, ?, ?, ?)`, r.ID, r.Version, by, tx.ts(at), body)
	return err
}

// UpdateProposal saves r if nobody changed it since r.Revision was read.
// With newVersion its content changed: the content version moves on and is
// saved.
func (tx *Tx) UpdateProposal(ctx context.Context, r *devcoop.ProposalRecord, newVersion bool) error {
	tx.changed = true
	now := devcoop.WriteTime(ctx)
	var prev devcoop.ProposalState
	var version int
	if err := tx.queryRow(ctx, `SELECT state, version FROM proposals WHERE id = ?`, r.ID).Scan(&prev, &version); err != nil {
		return tx.wrap(notFound(err, "proposal", r.ID))
	}
	if prev != r.Status {
		r.StateSince = now
	}
	r.Version = version
	if newVersion {
		r.Version++
	}
	body, err := proposalBody(&r.Proposal)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE proposals SET title = ?, office_id = ?, partner_id = ?, state = ?, amount = ?, currency = ?, period = ?, body = ?, appraisal = ?, me_review = ?,
		submitted_by = ?, state_since = ?, updated_at = ?, project_id = ?, agreement_id = ?, version = ?, revision = revision + 1 WHERE id = ? AND revision = ?`,
		r.Title, r.OfficeID, nullID(r.PartnerID), r.Status, r.Amount, r.Currency, r.Period, body, r.AppraisalJSON, r.MEReviewJSON,
		r.SubmittedBy, tx.ts(r.StateSince), tx.ts(now), nullID(r.ProjectID), nullID(r.AgreementID), r.Version, r.ID, r.Revision)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return devcoop.Conflictf("proposal %d was changed by someone else; reload it and apply your change again", r.ID)
	}
	r.Revision++
	r.UpdatedAt = now
	if newVersion {
		return tx.addVersion(ctx, r, now)
	}
	return nil
}

// ProposalVersions lists the saved versions of a proposal, oldest first.
func (c *conn) ProposalVersions(ctx context.Context, id int64) ([]devcoop.ProposalVersion, error) {
	rows, err := c.query(ctx, `SELECT version, created_by, created_at, body FROM proposal_versions WHERE proposal_id = ? ORDER BY version`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.ProposalVersion
	for rows.Next() {
		var v devcoop.ProposalVersion
		if err := rows.Scan(&v.Version, &v.CreatedBy, nullTime{&v.CreatedAt}, &v.Body); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, v)
	}
	return out, c.wrap(rows.Err())
}

// AddProposalEvent records a workflow step.
func (tx *Tx) AddProposalEvent(ctx context.Context, proposalID int64, e *devcoop.ProposalEvent) error {
	tx.changed = true
	if e.At.IsZero() {
		e.At = devcoop.WriteTime(ctx)
	}
	id, err := tx.insertID(ctx, `INSERT INTO proposal_events (proposal_id, at, user_id, actor, from_state, to_state, action, version, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		proposalID, tx.ts(e.At), e.UserID, e.Actor, e.From, e.To, e.Action, e.Version, e.Comment)
	e.ID = id
	return err
}

// ProposalEvents lists a proposal's workflow history, oldest first (all
// proposals' when id is 0).
func (c *conn) ProposalEvents(ctx context.Context, id int64) (map[int64][]devcoop.ProposalEvent, error) {
	rows, err := c.query(ctx, `SELECT proposal_id, id, at, user_id, actor, from_state, to_state, action, version, comment FROM proposal_events WHERE (? = 0 OR proposal_id = ?) ORDER BY proposal_id, at, id`, id, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]devcoop.ProposalEvent{}
	for rows.Next() {
		var pid int64
		var e devcoop.ProposalEvent
		if err := rows.Scan(&pid, &e.ID, nullTime{&e.At}, &e.UserID, &e.Actor, &e.From, &e.To, &e.Action, &e.Version, &e.Comment); err != nil {
			return nil, c.wrap(err)
		}
		out[pid] = append(out[pid], e)
	}
	return out, c.wrap(rows.Err())
}

// AddProposalComment records a comment.
func (tx *Tx) AddProposalComment(ctx context.Context, proposalID int64, cm *devcoop.ProposalComment) error {
	if cm.At.IsZero() {
		cm.At = devcoop.WriteTime(ctx)
	}
	id, err := tx.insertID(ctx, `INSERT INTO proposal_comments (proposal_id, at, user_id, author, path, body) VALUES (?, ?, ?, ?, ?, ?)`,
		proposalID, tx.ts(cm.At), cm.UserID, cm.Author, cm.Path, cm.Body)
	cm.ID = id
	return err
}

// ProposalComments lists a proposal's comments, oldest first.
func (c *conn) ProposalComments(ctx context.Context, id int64) ([]devcoop.ProposalComment, error) {
	rows, err := c.query(ctx, `SELECT id, at, user_id, author, path, body FROM proposal_comments WHERE proposal_id = ? ORDER BY at, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.ProposalComment
	for rows.Next() {
		var cm devcoop.ProposalComment
		if err := rows.Scan(&cm.ID, nullTime{&cm.At}, &cm.UserID, &cm.Author, &cm.Path, &cm.Body); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, cm)
	}
	return out, c.wrap(rows.Err())
}

// AddNotification queues an in-app message.
func (tx *Tx) AddNotification(ctx context.Context, n *devcoop.Notification) error {
	if n.At.IsZero() {
		n.At = devcoop.WriteTime(ctx)
	}
	id, err := tx.insertID(ctx, `INSERT INTO notifications (user_id, at, text, link, read) VALUES (?, ?, ?, ?, FALSE)`, n.UserID, tx.ts(n.At), n.Text, n.Link)
	n.ID = id
	return err
}

// Notifications lists a user's messages, newest first.
func (c *conn) Notifications(ctx context.Context, userID int64, limit int) ([]devcoop.Notification, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := c.query(ctx, `SELECT id, user_id, at, text, link, read FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ?`, userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.Notification
	for rows.Next() {
		var n devcoop.Notification
		if err := rows.Scan(&n.ID, &n.UserID, nullTime{&n.At}, &n.Text, &n.Link, &n.Read); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, n)
	}
	return out, c.wrap(rows.Err())
}

// UnreadNotifications counts a user's unread messages.
func (c *conn) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read = FALSE`, userID).Scan(&n)
	return n, c.wrap(err)
}

// MarkNotificationsRead marks all of a user's messages read.
// OpenNotification marks one notification read and returns its link.
func (tx *Tx) OpenNotification(ctx context.Context, userID, id int64) (string, error) {
	var link string
	if err := tx.queryRow(ctx, `SELECT link FROM notifications WHERE id = ? AND user_id = ?`, id, userID).Scan(&link); err != nil {
		return "", tx.wrap(notFound(err, "notification", id))
	}
	_, err := tx.exec(ctx, `UPDATE notifications SET read = TRUE WHERE id = ?`, id)
	return link, err
}

func (tx *Tx) MarkNotificationsRead(ctx context.Context, userID int64) error {
	_, err := tx.exec(ctx, `UPDATE notifications SET read = TRUE WHERE user_id = ? AND read = FALSE`, userID)
	return err
}
