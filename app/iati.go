package app

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"devcoop"
	"devcoop/iati"
)

// ProblemReport is a warning or error with where it was found.
type ProblemReport struct {
	Code     string `json:"code"`
	Message  string `json:"message"`
	Activity string `json:"activity,omitempty"` // the activity's identifier, when the problem is in one
	XPath    string `json:"xpath,omitempty"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

// FileReport is what importing one file did.
type FileReport struct {
	Path               string          `json:"path"`
	Status             string          `json:"status"` // imported or rejected
	Kind               string          `json:"kind,omitempty"`
	Version            string          `json:"version,omitempty"`
	Converted          bool            `json:"converted_from_1x"`
	Bytes              int64           `json:"bytes"`
	SHA256             string          `json:"sha256,omitempty"`
	Activities         int             `json:"activities"`
	Inserted           int             `json:"inserted"`
	Replaced           int             `json:"replaced"`
	KeptNewer          int             `json:"kept_newer"`
	Own                int             `json:"own"`
	RejectedActivities int             `json:"rejected_activities"`
	Organisations      int             `json:"organisations"`
	Warnings           []ProblemReport `json:"warnings"`
	Errors             []ProblemReport `json:"errors"`
	WarningCounts      map[string]int  `json:"warning_counts"`
	Truncated          bool            `json:"truncated"` // more warnings than are listed
	Seconds            float64         `json:"seconds"`
}

// MaxListedWarnings caps the warnings listed per file; all are counted,
// and each activity keeps its own.
const MaxListedWarnings = 10000

// maxStoredProblems caps the warnings kept on one activity.
const maxStoredProblems = 200

func (r *FileReport) warn(p ProblemReport) {
	r.WarningCounts[p.Code]++
	if len(r.Warnings) < MaxListedWarnings {
		r.Warnings = append(r.Warnings, p)
	} else {
		r.Truncated = true
	}
}

// problemReport copies a problem for a report that outlives the reader:
// the reader's strings may share memory with the whole record they came
// from, and a report kept for a folder of files would pin every record.
func problemReport(p iati.Problem, activity string) ProblemReport {
	c := strings.Clone
	return ProblemReport{Code: c(p.Code), Message: c(p.Message), Activity: c(activity), XPath: c(p.Path), Line: p.Line, Column: p.Column}
}

func requireImporter(ctx context.Context) error {
	u, err := requireUser(ctx)
	if err != nil {
		return err
	}
	if !devcoop.CanImportIATI(u) {
		return devcoop.Errorf(devcoop.KindForbidden, "Only administrators, resource mobilization and finance officers import IATI data.")
	}
	return nil
}

// countingReader counts bytes and hashes them as they are read.
type countingReader struct {
	r     io.Reader
	n     int64
	h     hash.Hash
	onto  func(int64)
	since int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.h.Write(p[:n])
	if c.onto != nil && c.n-c.since >= 1<<20 {
		c.since = c.n
		c.onto(c.n)
	}
	return n, err
}

// ImportIATI reads one IATI file and stores its activities, in one
// transaction: a file that is not IATI XML, or not well-formed anywhere,
// is rejected and nothing from it is kept. Rejected activities (blank or
// duplicate identifiers) are skipped and reported; warnings are kept on
// the activities. progress, when not nil, hears the bytes read so far.
func (a *App) ImportIATI(ctx context.Context, name string, src io.Reader, progress func(bytes int64)) (FileReport, error) {
	if err := requireImporter(ctx); err != nil {
		return FileReport{}, err
	}
	rep := FileReport{Path: name, Status: "imported", Warnings: []ProblemReport{}, Errors: []ProblemReport{}, WarningCounts: map[string]int{}}
	start := time.Now()
	cr := &countingReader{r: src, h: sha256.New(), onto: progress}
	pf, err := a.fullPortfolio(ctx)
	if err != nil {
		return rep, err
	}
	projectByIATI := map[string]int64{}
	for _, p := range pf.Projects {
		projectByIATI[p.IATIIdentifier] = p.ID
	}
	now := a.now()
	var fileErr *iati.FileError
	err = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
		rd, err := iati.NewReader(bufio.NewReaderSize(cr, 256<<10), name, iati.Options{Now: now, DefaultLang: "en"})
		if err != nil {
			return err
		}
		rep.Version = rd.Version()
		file := &devcoop.ImportFile{Name: name, Status: "importing", ImportedAt: now}
		if err := tx.CreateImportFile(ctx, file); err != nil {
			return err
		}
		if rd.Kind() == iati.Organisations {
			rep.Kind = "organisations"
			for {
				o, err := rd.NextOrganisation()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					return err
				}
				rep.Organisations++
				if err := tx.PutExternalOrganisation(ctx, o.ReportingOrg.Ref, o.Identifier, o.Name, file.ID, now, o.XML()); err != nil {
					return err
				}
				for _, p := range o.Problems {
					rep.warn(problemReport(p, o.Identifier))
				}
			}
		} else {
			rep.Kind = "activities"
			if err := a.storeActivities(ctx, tx, rd, file.ID, now, projectByIATI, &rep); err != nil {
				return err
			}
		}
		for _, p := range rd.FileWarnings() {
			rep.warn(problemReport(p, ""))
		}
		rep.Converted = rd.Converted()
		rep.Bytes = cr.n
		rep.SHA256 = hex.EncodeToString(cr.h.Sum(nil))
		file.Status, file.SHA256, file.Size = "imported", rep.SHA256, rep.Bytes
		return tx.FinishImportFile(ctx, file)
	})
	rep.Seconds = time.Since(start).Seconds()
	if errors.As(err, &fileErr) {
		// The file is rejected whole; record that it was tried.
		rep = FileReport{Path: name, Status: "rejected", Kind: rep.Kind, Version: rep.Version, Bytes: cr.n, Warnings: []ProblemReport{}, WarningCounts: map[string]int{},
			Errors: []ProblemReport{{Code: "file", Message: fileErr.Message, Line: fileErr.Line, Column: fileErr.Column}}, Seconds: rep.Seconds}
		_ = a.store.Update(ctx, func(tx devcoop.StoreTx) error {
			return tx.CreateImportFile(ctx, &devcoop.ImportFile{Name: name, Status: "rejected", Size: cr.n, ImportedAt: now, Report: fileErr.Error()})
		})
		return rep, nil
	}
	if err != nil {
		return rep, err
	}
	return rep, nil
}

// parsed is an activity read and converted, ready to store.
type parsed struct {
	act *iati.Activity
	ext *devcoop.ExternalActivity
	err error
}

// storeActivities reads activities on one goroutine and stores them on
// this one: parsing and canonical XML take about as long as the database
// writes, and the two overlap on two cores.
func (a *App) storeActivities(ctx context.Context, tx devcoop.StoreTx, rd *iati.Reader, fileID int64, now time.Time, projectByIATI map[string]int64, rep *FileReport) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan parsed, 64)
	go func() {
		defer close(ch)
		for {
			act, err := rd.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			p := parsed{act: act, err: err}
			if err == nil && !act.Rejected {
				p.ext = externalFrom(act, fileID, now)
			}
			select {
			case ch <- p:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	own := a.OrgRef()
	for p := range ch {
		if p.err != nil {
			return p.err
		}
		act := p.act
		if act.Rejected {
			rep.RejectedActivities++
			for _, pr := range act.Problems {
				if pr.Severity == iati.Error {
					rep.Errors = append(rep.Errors, problemReport(pr, act.Identifier))
				}
			}
			continue
		}
		ext := p.ext
		ext.Own = ext.ReportingOrg == own
		if ext.Own {
			ext.ProjectID = projectByIATI[ext.Identifier]
			rep.Own++
		}
		res, err := tx.PutExternalActivity(ctx, ext)
		if err != nil {
			return err
		}
		switch res {
		case devcoop.PutInserted:
			rep.Inserted++
		case devcoop.PutReplaced:
			rep.Replaced++
		case devcoop.PutKeptNewer:
			rep.KeptNewer++
			rep.warn(ProblemReport{Code: "older-than-stored", Message: "a newer version of this activity is already stored and was kept", Activity: act.Identifier, Line: act.Line, Column: act.Column})
		}
		rep.Activities++
		for _, pr := range act.Problems {
			rep.warn(problemReport(pr, act.Identifier))
		}
	}
	return nil
}

// externalFrom turns a read activity into what the store keeps.
func externalFrom(act *iati.Activity, fileID int64, now time.Time) *devcoop.ExternalActivity {
	e := &devcoop.ExternalActivity{
		ReportingOrg: act.ReportingOrg.Ref, ReportingName: act.ReportingOrg.Name, ReportingType: act.ReportingOrg.Type, Identifier: act.Identifier,
		Secondary: act.ReportingOrg.SecondaryReporter, Title: act.Title, Description: act.Description, Status: act.Status, DefaultCurrency: act.DefaultCurrency,
		Hierarchy: act.Hierarchy, LastUpdated: act.LastUpdated, FileID: fileID, ImportedAt: now, XML: act.XML(),
	}
	e.Start = devcoop.DateOf(first(act.ActualStart, act.PlannedStart))
	e.End = devcoop.DateOf(first(act.ActualEnd, act.PlannedEnd))
	for _, s := range act.RecipientCountries {
		e.Countries = append(e.Countries, devcoop.ExternalSplit{Code: strings.ToUpper(s.Code), Vocabulary: s.Vocabulary, Percentage: s.Percentage})
	}
	for _, s := range act.RecipientRegions {
		e.Regions = append(e.Regions, devcoop.ExternalSplit{Code: s.Code, Vocabulary: s.Vocabulary, Percentage: s.Percentage})
	}
	for _, s := range act.Sectors {
		e.Sectors = append(e.Sectors, devcoop.ExternalSplit{Code: s.Code, Vocabulary: s.Vocabulary, Percentage: s.Percentage})
	}
	// Some publishers give countries and sectors on each transaction
	// instead of on the activity; index those too, so search finds them.
	have := map[string]bool{}
	for _, c := range e.Countries {
		have["c"+c.Code] = true
	}
	for _, sc := range e.Sectors {
		have["s"+sc.Vocabulary+"/"+sc.Code] = true
	}
	for _, t := range act.Transactions {
		if c := strings.ToUpper(t.RecipientCountry); c != "" && !have["c"+c] {
			have["c"+c] = true
			e.Countries = append(e.Countries, devcoop.ExternalSplit{Code: c})
		}
		for _, sc := range t.Sectors {
			if k := "s" + sc.Vocabulary + "/" + sc.Code; !have[k] {
				have[k] = true
				e.Sectors = append(e.Sectors, devcoop.ExternalSplit{Code: sc.Code, Vocabulary: sc.Vocabulary})
			}
		}
	}
	for _, o := range act.ParticipatingOrgs {
		e.Participants = append(e.Participants, devcoop.ExternalOrg{Role: o.Role, Ref: o.Ref, Type: o.Type, Name: o.Name, ActivityID: o.ActivityID})
	}
	for _, t := range act.Transactions {
		e.Transactions = append(e.Transactions, devcoop.ExternalMoney{Kind: "transaction", Type: t.Type, Date: devcoop.DateOf(t.Date), Value: t.Value, Currency: t.Currency,
			ValueDate: devcoop.DateOf(t.ValueDate), ProviderRef: t.Provider.Ref, ProviderActivityID: t.Provider.ActivityID, ReceiverRef: t.Receiver.Ref, ReceiverActivityID: t.Receiver.ActivityID})
	}
	for _, b := range act.Budgets {
		e.Budgets = append(e.Budgets, devcoop.ExternalMoney{Kind: "budget", Type: b.Type, Status: b.Status, PeriodStart: devcoop.DateOf(b.PeriodStart), PeriodEnd: devcoop.DateOf(b.PeriodEnd),
			Value: b.Value, Currency: b.Currency, ValueDate: devcoop.DateOf(b.ValueDate)})
	}
	for _, b := range act.PlannedDisbursements {
		e.Budgets = append(e.Budgets, devcoop.ExternalMoney{Kind: "planned_disbursement", Type: b.Type, PeriodStart: devcoop.DateOf(b.PeriodStart), PeriodEnd: devcoop.DateOf(b.PeriodEnd),
			Value: b.Value, Currency: b.Currency, ValueDate: devcoop.DateOf(b.ValueDate), ProviderRef: b.Provider.Ref, ProviderActivityID: b.Provider.ActivityID,
			ReceiverRef: b.Receiver.Ref, ReceiverActivityID: b.Receiver.ActivityID})
	}
	for _, r := range act.RelatedActivities {
		e.Related = append(e.Related, devcoop.ExternalRelated{Ref: r.Ref, Type: r.Type})
	}
	for _, p := range act.Problems {
		if len(e.Problems) == maxStoredProblems {
			break
		}
		e.Problems = append(e.Problems, devcoop.ExternalProblem{Code: p.Code, Message: p.Message, Path: p.Path, Line: p.Line, Column: p.Column})
	}
	return e
}

func first(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// IATIFiles lists the files under paths: files as given, folders walked
// for *.xml, in name order.
func IATIFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".xml") {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// ImportIATIPaths imports files and folders, one transaction per file.
func (a *App) ImportIATIPaths(ctx context.Context, paths []string, progress func(file string, bytes int64)) ([]FileReport, error) {
	files, err := IATIFiles(paths)
	if err != nil {
		return nil, err
	}
	var out []FileReport
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return out, err
		}
		var cb func(int64)
		if progress != nil {
			name := f
			cb = func(n int64) { progress(name, n) }
		}
		rep, err := a.ImportIATI(ctx, f, fh, cb)
		fh.Close()
		if err != nil {
			return out, fmt.Errorf("%s: %w", f, err)
		}
		out = append(out, rep)
	}
	return out, nil
}

// ExternalActivities searches imported activities (staff).
func (a *App) ExternalActivities(ctx context.Context, f devcoop.ExternalFilter) ([]*devcoop.ExternalActivity, int, error) {
	if _, err := requireStaff(ctx); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > MaxPageSize {
		f.Limit = 50
	}
	return a.store.ExternalActivities(ctx, f)
}

// ExternalActivity returns one imported activity (staff), with its
// transactions, budgets and planned disbursements read from its XML.
func (a *App) ExternalActivity(ctx context.Context, id int64) (*devcoop.ExternalActivity, error) {
	if _, err := requireStaff(ctx); err != nil {
		return nil, err
	}
	ext, err := a.store.ExternalActivity(ctx, id)
	if err != nil {
		return nil, err
	}
	act, err := iati.ParseActivityXML(ext.XML)
	if err != nil {
		return nil, fmt.Errorf("stored activity %d: %w", id, err)
	}
	full := externalFrom(act, ext.FileID, ext.ImportedAt)
	ext.Transactions, ext.Budgets = full.Transactions, full.Budgets
	return ext, nil
}
