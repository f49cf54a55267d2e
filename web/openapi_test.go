package web

import (
	"strings"
	"testing"
)

// Every /api/v1 route must be in the OpenAPI document, and the document
// must name no route that does not exist.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	s := &Server{mux: newMux()}
	s.routes()
	documented := map[string]bool{}
	for _, op := range apiOps {
		documented[strings.ToUpper(op.method)+" "+op.path] = true
	}
	served := map[string]bool{}
	for _, p := range s.Routes() {
		method, path, ok := strings.Cut(p, " ")
		if !ok || !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		served[method+" "+path] = true
		if !documented[method+" "+path] {
			t.Errorf("%s is served but not in the OpenAPI document", p)
		}
	}
	for d := range documented {
		if !served[d] {
			t.Errorf("%s is documented but not served", d)
		}
	}
	doc := buildOpenAPI()
	if doc["openapi"] != "3.1.0" || len(doc["paths"].(map[string]any)) == 0 {
		t.Error("empty document")
	}
}
