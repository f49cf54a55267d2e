package web_test

import (
	"net/http"
	"net/http/cookiejar"
	"os"
	"testing"
)

var (
	processTemp string
	atExit      []func()
)

func tempDirForProcess() string { return processTemp }

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "devcoop-web-test")
	if err != nil {
		panic(err)
	}
	processTemp = dir
	code := m.Run()
	for _, f := range atExit {
		f()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func newJar() http.CookieJar {
	j, _ := cookiejar.New(nil)
	return j
}
