package sqlite_test

import (
	"testing"

	"devcoop"
	"devcoop/dbtest"
	"devcoop/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) devcoop.Store { return dbtest.Open(t, "sqlite") })
}
