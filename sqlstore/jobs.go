package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"devcoop"
)

const jobCols = `id, status, created_by, created_at, started_at, finished_at, files, bytes_total, bytes_done, activities, report, error, worker, lease_until`

func scanJob(sc interface{ Scan(...any) error }, j *devcoop.ImportJob) error {
	var files string
	err := sc.Scan(&j.ID, &j.Status, &j.CreatedBy, nullTime{&j.CreatedAt}, nullTime{&j.StartedAt}, nullTime{&j.FinishedAt}, &files, &j.BytesTotal, &j.BytesDone,
		&j.Activities, &j.Report, &j.Error, &j.Worker, nullTime{&j.LeaseUntil})
	if files != "" {
		j.Files = strings.Split(files, "\n")
	}
	return err
}

// CreateJob queues a job with its files, in one transaction.
func (db *DB) CreateJob(ctx context.Context, j *devcoop.ImportJob, files []devcoop.JobFile) error {
	return db.Update(ctx, func(st devcoop.StoreTx) error {
		tx := st.(*Tx)
		var names []string
		j.BytesTotal = 0
		for _, f := range files {
			names = append(names, f.Name)
			j.BytesTotal += int64(len(f.Data))
		}
		j.Files, j.Status = names, devcoop.JobQueued
		if j.CreatedAt.IsZero() {
			j.CreatedAt = time.Now().UTC()
		}
		id, err := tx.insertID(ctx, `INSERT INTO import_jobs (status, created_by, created_at, files, bytes_total) VALUES (?, ?, ?, ?, ?)`,
			j.Status, j.CreatedBy, tx.ts(j.CreatedAt), strings.Join(names, "\n"), j.BytesTotal)
		if err != nil {
			return err
		}
		j.ID = id
		for i, f := range files {
			if _, err := tx.exec(ctx, `INSERT INTO import_blobs (job_id, seq, name, data) VALUES (?, ?, ?, ?)`, id, i, f.Name, f.Data); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClaimJob takes the next job for worker: the oldest queued one, or a
// running one whose worker stopped renewing its lease.
func (db *DB) ClaimJob(ctx context.Context, worker string, now, lease time.Time) (*devcoop.ImportJob, error) {
	var job *devcoop.ImportJob
	err := db.Update(ctx, func(st devcoop.StoreTx) error {
		tx := st.(*Tx)
		var id int64
		err := tx.queryRow(ctx, `SELECT id FROM import_jobs WHERE status = ? OR (status = ? AND lease_until < ?) ORDER BY id LIMIT 1`,
			devcoop.JobQueued, devcoop.JobRunning, tx.ts(now)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return devcoop.NotFound("queued job", "")
		}
		if err != nil {
			return tx.wrap(err)
		}
		// The status check in the WHERE makes the claim safe when two
		// processes race for the same job: only one update matches.
		res, err := tx.exec(ctx, `UPDATE import_jobs SET status = ?, worker = ?, lease_until = ?, started_at = COALESCE(started_at, ?), bytes_done = 0, activities = 0
			WHERE id = ? AND (status = ? OR (status = ? AND lease_until < ?))`,
			devcoop.JobRunning, worker, tx.ts(lease), tx.ts(now), id, devcoop.JobQueued, devcoop.JobRunning, tx.ts(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return devcoop.NotFound("queued job", "")
		}
		job = new(devcoop.ImportJob)
		return scanJob(tx.queryRow(ctx, `SELECT `+jobCols+` FROM import_jobs WHERE id = ?`, id), job)
	})
	return job, err
}

// JobFiles returns the files of a job.
func (db *DB) JobFiles(ctx context.Context, id int64) ([]devcoop.JobFile, error) {
	rows, err := db.query(ctx, `SELECT name, data FROM import_blobs WHERE job_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.JobFile
	for rows.Next() {
		var f devcoop.JobFile
		if err := rows.Scan(&f.Name, &f.Data); err != nil {
			return nil, db.wrap(err)
		}
		out = append(out, f)
	}
	return out, db.wrap(rows.Err())
}

// ProgressJob records progress.
func (db *DB) ProgressJob(ctx context.Context, id int64, bytesDone int64, activities int, lease time.Time) error {
	_, err := db.exec(ctx, `UPDATE import_jobs SET bytes_done = ?, activities = ?, lease_until = ? WHERE id = ?`, bytesDone, activities, db.ts(lease), id)
	return err
}

// FinishJob ends a job and drops its files.
func (db *DB) FinishJob(ctx context.Context, id int64, status, report, errMsg string, at time.Time) error {
	return db.Update(ctx, func(st devcoop.StoreTx) error {
		tx := st.(*Tx)
		if _, err := tx.exec(ctx, `UPDATE import_jobs SET status = ?, report = ?, error = ?, finished_at = ?, bytes_done = bytes_total, lease_until = NULL WHERE id = ?`,
			status, report, errMsg, tx.ts(at), id); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `DELETE FROM import_blobs WHERE job_id = ?`, id)
		return err
	})
}

// Job returns one job.
func (c *conn) Job(ctx context.Context, id int64) (*devcoop.ImportJob, error) {
	j := new(devcoop.ImportJob)
	if err := scanJob(c.queryRow(ctx, `SELECT `+jobCols+` FROM import_jobs WHERE id = ?`, id), j); err != nil {
		return nil, c.wrap(notFound(err, "import", id))
	}
	return j, nil
}

// Jobs lists recent jobs, newest first, without their reports.
func (c *conn) Jobs(ctx context.Context, limit int) ([]devcoop.ImportJob, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := c.query(ctx, `SELECT `+strings.Replace(jobCols, "report,", "'' AS report,", 1)+` FROM import_jobs ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []devcoop.ImportJob
	for rows.Next() {
		var j devcoop.ImportJob
		if err := scanJob(rows, &j); err != nil {
			return nil, c.wrap(err)
		}
		out = append(out, j)
	}
	return out, c.wrap(rows.Err())
}
