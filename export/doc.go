// Package export turns tables and simple reports into downloads: CSV and
// XLSX for tables, PDF for reports that may hold tables.
//
// A page builds a [Table] (or a [Report] around tables) from domain values
// and hands it to [WriteCSV], [WriteXLSX] or [WritePDF]. Amounts travel as
// exact decimals ([money.Decimal]) and stay exact in CSV and XLSX; only the
// PDF, which is for reading, rounds money to cents.
//
// The package does no other I/O and keeps no state, so one handler can
// write any number of exports concurrently.
package export
