package iati

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// streamReader produces an activity file of n activities on the fly, so a
// test can read far more data than it ever holds.
type streamReader struct {
	n, i  int
	state int // 0 header, 1 activities, 2 footer, 3 done
	buf   []byte
	sent  int64
}

func (s *streamReader) Read(p []byte) (int, error) {
	for len(s.buf) == 0 {
		switch s.state {
		case 0:
			s.buf = []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\">\n")
			s.state = 1
		case 1:
			if s.i == s.n {
				s.state = 2
				continue
			}
			var b strings.Builder
			for k := 0; k < 8; k++ {
				fmt.Fprintf(&b, "  <transaction><transaction-type code=\"%d\"/><transaction-date iso-date=\"2024-0%d-01\"/><value value-date=\"2024-01-01\">%d.%02d</value><description><narrative>Payment %d for services rendered under the contract</narrative><narrative xml:lang=\"fr\">Paiement pour services</narrative></description><provider-org ref=\"XM-DAC-41302\"><narrative>ILO</narrative></provider-org></transaction>\n", k%4+1, k+1, s.i*10+k, k, k)
			}
			s.buf = []byte(" " + activity(fmt.Sprintf("XM-DAC-41302-S%08d", s.i), "", b.String()) + "\n")
			s.i++
		case 2:
			s.buf = []byte("</iati-activities>\n")
			s.state = 3
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	s.sent += int64(n)
	return n, nil
}

// TestMemoryStaysFlat streams about 64 MB through the reader and checks the
// heap never grows with the input: one activity is held at a time.
func TestMemoryStaysFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 64 MB")
	}
	src := &streamReader{n: 25000}
	r, err := NewReader(src, "stream.xml", Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64
	count := 0
	for {
		a, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		_ = a.XML()
		count++
		if count%2500 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	runtime.ReadMemStats(&ms)
	t.Logf("%d activities, %d MB streamed; heap peak %.1f MB over a %.1f MB base; %.0f bytes allocated per activity",
		count, src.sent>>20, float64(peak-base)/(1<<20), float64(base)/(1<<20), float64(ms.TotalAlloc)/float64(count))
	if count != 25000 || src.sent < 60<<20 {
		t.Fatalf("read %d activities of %d bytes", count, src.sent)
	}
	// Live data is one activity plus the identifier set; garbage may
	// double it before a collection. 48 MB is far below the 64 MB read.
	if peak > base+48<<20 {
		t.Errorf("heap grew to %d MB while streaming: memory is not flat", (peak-base)>>20)
	}
}
