package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// assets serves the embedded static files under content-hashed URLs
// (/static/css/app.3f2a1b9c.css), so browsers may cache them for a year and
// still see a new file the moment it changes.
type assets struct {
	fsys   fs.FS
	url    map[string]string // logical name → hashed URL
	byPath map[string]string // hashed URL path → logical name
	etag   map[string]string
}

func newAssets(fsys fs.FS) (*assets, error) {
	a := &assets{fsys: fsys, url: map[string]string{}, byPath: map[string]string{}, etag: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:])[:10]
		ext := path.Ext(p)
		hashed := "/static/" + strings.TrimSuffix(p, ext) + "." + h + ext
		a.url[p] = hashed
		a.byPath[hashed] = p
		a.etag[p] = `"` + h + `"`
		return nil
	})
	return a, err
}

// URL returns the hashed URL of a static file. An unknown name is a
// programming error; it returns a URL that will 404 so the page still
// renders.
func (a *assets) URL(name string) string {
	if u, ok := a.url[name]; ok {
		return u
	}
	return "/static/missing/" + name
}

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := a.byPath[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(a.fsys, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("ETag", a.etag[name])
	if r.Header.Get("If-None-Match") == a.etag[name] {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(b)
}
