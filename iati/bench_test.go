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

// BenchmarkReaderDir reads the files of a corpus made by bench/iatigen:
//
//	go run ./bench/iatigen -out /tmp/iatigen -size 200MB -files 4
//	IATI_BENCH_DIR=/tmp/iatigen go test -run XXX -bench ReaderDir ./iati/
func BenchmarkReaderDir(b *testing.B) {
	dir := os.Getenv("IATI_BENCH_DIR")
	if dir == "" {
		b.Skip("IATI_BENCH_DIR not set")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	var size int64
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		size += st.Size()
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		acts, warns := 0, 0
		for _, name := range files {
			f, err := os.Open(name)
			if err != nil {
				b.Fatal(err)
			}
			r, err := NewReader(f, name, Options{Now: testNow})
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
				warns += len(a.Problems)
			}
			f.Close()
		}
		b.ReportMetric(float64(acts), "activities/op")
		b.ReportMetric(float64(warns), "warnings/op")
	}
}
