package iati

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchCorpus is every 2.x activity sample, about 6.7 MB of real data.
func benchCorpus(b *testing.B) [][]byte {
	b.Helper()
	files, _ := filepath.Glob("testdata/samples/*.xml")
	var out [][]byte
	for _, f := range files {
		if strings.Contains(f, "organisation") || strings.Contains(f, "_1.0") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, src)
	}
	return out
}

func corpusSize(c [][]byte) int64 {
	var n int64
	for _, f := range c {
		n += int64(len(f))
	}
	return n
}

// BenchmarkReader measures the whole reader path the importer uses:
// tokenizing, the tree, typed extraction, validation and canonical XML.
func BenchmarkReader(b *testing.B) {
	corpus := benchCorpus(b)
	b.SetBytes(corpusSize(corpus))
	b.ReportAllocs()
	acts := 0
	for b.Loop() {
		for _, f := range corpus {
			r, err := NewReader(bytes.NewReader(f), "bench", Options{Now: testNow})
			if err != nil {
				b.Fatal(err)
			}
			for {
				a, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				_ = a.XML()
				acts++
			}
		}
	}
	b.ReportMetric(float64(acts)/float64(b.N), "activities/op")
}

// BenchmarkEncodingXMLBaseline is a bare encoding/xml token loop over the
// same bytes, for comparison.
func BenchmarkEncodingXMLBaseline(b *testing.B) {
	corpus := benchCorpus(b)
	b.SetBytes(corpusSize(corpus))
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range corpus {
			d := xml.NewDecoder(bytes.NewReader(f))
			for {
				_, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}
