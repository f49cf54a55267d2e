package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"devcoop"
)

// MaxUploadBytes caps the files of one web or API import.
const MaxUploadBytes = 512 << 20

// jobLease is how long a worker holds a job without renewing it. SQLite
// cannot record progress while a file's import transaction is open, so the
// lease outlasts the largest file.
const jobLease = 15 * time.Minute

// liveJob is progress this process knows before it reaches the database.
type liveJob struct {
	bytes      atomic.Int64
	activities atomic.Int64
}

type jobBoard struct {
	mu   sync.Mutex
	jobs map[int64]*liveJob
}

func (b *jobBoard) get(id int64) *liveJob {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.jobs[id]
}

func (b *jobBoard) put(id int64, j *liveJob) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.jobs == nil {
		b.jobs = map[int64]*liveJob{}
	}
	if j == nil {
		delete(b.jobs, id)
	} else {
		b.jobs[id] = j
	}
}

// QueueImport stores uploaded files as an import job for a worker to run.
func (a *App) QueueImport(ctx context.Context, files []devcoop.JobFile) (*devcoop.ImportJob, error) {
	if err := requireImporter(ctx); err != nil {
		return nil, err
	}
	var pr devcoop.Problems
	var total int64
	for i, f := range files {
		if strings.TrimSpace(f.Name) == "" {
			pr.Add(fmt.Sprintf("files[%d]", i), "has no name")
		}
		if len(f.Data) == 0 {
			pr.Add(fmt.Sprintf("files[%d]", i), "%s is empty", f.Name)
		}
		total += int64(len(f.Data))
	}
	if len(files) == 0 {
		pr.Add("files", "choose at least one IATI XML file")
	}
	if total > MaxUploadBytes {
		pr.Add("files", "the files total %d MB; the limit for one upload is %d MB (use `devcoop import iati` for more)", total>>20, MaxUploadBytes>>20)
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}
	u := devcoop.UserFrom(ctx)
	j := &devcoop.ImportJob{CreatedBy: u.ID, CreatedAt: a.now()}
	if err := a.store.CreateJob(ctx, j, files); err != nil {
		return nil, err
	}
	return j, nil
}

// ImportJob returns a job, with the progress this process knows of if it
// is running it here (staff).
func (a *App) ImportJob(ctx context.Context, id int64) (*devcoop.ImportJob, error) {
	if _, err := requireStaff(ctx); err != nil {
		return nil, err
	}
	j, err := a.store.Job(ctx, id)
	if err != nil {
		return nil, err
	}
	if live := a.board.get(id); live != nil && j.Status == devcoop.JobRunning {
		j.BytesDone = max(j.BytesDone, live.bytes.Load())
		j.Activities = max(j.Activities, int(live.activities.Load()))
	}
	return j, nil
}

// ImportJobs lists recent jobs (staff).
func (a *App) ImportJobs(ctx context.Context) ([]devcoop.ImportJob, error) {
	if _, err := requireStaff(ctx); err != nil {
		return nil, err
	}
	jobs, err := a.store.Jobs(ctx, 30)
	for i := range jobs {
		if live := a.board.get(jobs[i].ID); live != nil && jobs[i].Status == devcoop.JobRunning {
			jobs[i].BytesDone = max(jobs[i].BytesDone, live.bytes.Load())
		}
	}
	return jobs, err
}

// JobReport is a finished job's report.
type JobReport struct {
	Files         []FileReport `json:"files"`
	RejectedFiles int          `json:"rejected_files"`
}

// RunJobs claims and runs queued import jobs until ctx ends, polling every
// interval when there is nothing to do. Any server process may run it:
// jobs are claimed with a lease in the database.
func (a *App) RunJobs(ctx context.Context, interval time.Duration) {
	var b [4]byte
	_, _ = rand.Read(b[:])
	host, _ := os.Hostname()
	worker := fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	for {
		did, err := a.RunOneJob(ctx, worker)
		if err != nil && ctx.Err() == nil {
			a.log.Error("import job", "err", err)
		}
		if did {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// RunOneJob runs the next queued job, if any, and reports whether it did.
func (a *App) RunOneJob(ctx context.Context, worker string) (bool, error) {
	now := a.now()
	j, err := a.store.ClaimJob(ctx, worker, now, now.Add(jobLease))
	if devcoop.ErrorKind(err) == devcoop.KindNotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	files, err := a.store.JobFiles(ctx, j.ID)
	if err != nil {
		return true, err
	}
	live := &liveJob{}
	a.board.put(j.ID, live)
	defer a.board.put(j.ID, nil)

	// The job runs as the user who queued it, so access and the audit
	// trail are theirs.
	runCtx := ctx
	if u, err := a.store.User(ctx, j.CreatedBy); err == nil {
		runCtx = devcoop.NewContext(ctx, u)
	} else {
		runCtx = AsSystem(ctx)
	}
	a.log.Info("import job started", "job", j.ID, "files", len(files), "bytes", j.BytesTotal, "worker", worker)
	// PostgreSQL takes progress while a file's transaction is open;
	// SQLite has one writer, so it records progress between files and the
	// page reads the rest from this process.
	stop := make(chan struct{})
	if a.store.Engine() == "postgres" {
		go func() {
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					_ = a.store.ProgressJob(ctx, j.ID, live.bytes.Load(), int(live.activities.Load()), a.now().Add(jobLease))
				}
			}
		}()
	}
	var rep JobReport
	var done int64
	var runErr error
	for _, f := range files {
		base := done
		fr, err := a.ImportIATI(runCtx, filepath.Base(f.Name), bytes.NewReader(f.Data), func(n int64) { live.bytes.Store(base + n) })
		if err != nil {
			runErr = fmt.Errorf("%s: %w", f.Name, err)
			break
		}
		done += int64(len(f.Data))
		live.bytes.Store(done)
		live.activities.Add(int64(fr.Activities))
		if fr.Status == "rejected" {
			rep.RejectedFiles++
		}
		rep.Files = append(rep.Files, fr)
		if err := a.store.ProgressJob(ctx, j.ID, done, int(live.activities.Load()), a.now().Add(jobLease)); err != nil {
			a.log.Warn("import job progress", "job", j.ID, "err", err)
		}
	}
	close(stop)
	body, _ := json.Marshal(rep)
	status, msg := devcoop.JobDone, ""
	if runErr != nil {
		status, msg = devcoop.JobFailed, devcoop.ErrorMessage(runErr)
		a.log.Error("import job failed", "job", j.ID, "err", runErr)
	}
	if err := a.store.FinishJob(ctx, j.ID, status, string(body), msg, a.now()); err != nil {
		return true, err
	}
	a.log.Info("import job finished", "job", j.ID, "status", status, "activities", live.activities.Load())
	return true, nil
}
