package web

import (
	"bytes"
	"net/http"

	"devcoop"
	"devcoop/export"
	"devcoop/money"
)

// sendTables answers with tables as CSV (the first table) or XLSX (one
// sheet each). The file is built in memory first, so a failure becomes a
// proper error page rather than half a download.
func (s *Server) sendTables(w http.ResponseWriter, format, name string, tables ...*export.Table) error {
	var b bytes.Buffer
	var ctype string
	switch format {
	case "csv":
		if err := export.WriteCSV(&b, tables[0]); err != nil {
			return err
		}
		ctype = export.ContentTypeCSV
	case "xlsx":
		if err := export.WriteXLSX(&b, tables...); err != nil {
			return err
		}
		ctype = export.ContentTypeXLSX
	default:
		return devcoop.NotFound("export format", format)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", export.ContentDisposition(name+"."+format))
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(b.Bytes())
	return err
}

// sendPDF answers with a report as PDF.
func (s *Server) sendPDF(w http.ResponseWriter, name string, r *export.Report) error {
	var b bytes.Buffer
	if err := export.WritePDF(&b, r); err != nil {
		return err
	}
	w.Header().Set("Content-Type", export.ContentTypePDF)
	w.Header().Set("Content-Disposition", export.ContentDisposition(name+".pdf"))
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(b.Bytes())
	return err
}

// Cell helpers for exports.
func textCell(s string) export.Cell         { return export.TextCell(s) }
func centsCell(c int64) export.Cell         { return export.DecimalCell(money.FromCents(c)) }
func moneyCell(d money.Decimal) export.Cell { return export.DecimalCell(d) }
func intCell(n int) export.Cell             { return export.DecimalCell(money.FromInt(int64(n))) }
func pctCell(p string) export.Cell {
	if p == "" {
		return export.Cell{}
	}
	d, err := money.Parse(p)
	if err != nil {
		return export.TextCell(p)
	}
	return export.DecimalCell(d)
}
