// Command xsdgen writes the iati package's schema tables from the XSD files.
//
//	go run ./internal/xsd/cmd -schema testdata/schema -mapping testdata/codelist-mapping.xml -o schema_gen.go
package main

import (
	"flag"
	"fmt"
	"os"

	"devcoop/iati/internal/xsd"
)

func main() {
	dir := flag.String("schema", "testdata/schema", "folder holding the IATI XSD files")
	mapping := flag.String("mapping", "testdata/codelist-mapping.xml", "codelist-mapping.xml")
	out := flag.String("o", "schema_gen.go", "Go file to write")
	flag.Parse()
	src, err := xsd.Generate(*dir, *mapping, "iati")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
