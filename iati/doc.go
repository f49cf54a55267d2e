// Package iati reads and writes IATI activity and organisation files.
//
// It is pure: bytes in, values out. It does no I/O of its own beyond the
// io.Reader and io.Writer it is given, keeps no global state, and never
// touches a network or a database.
//
// # Reading
//
// NewReader sniffs the encoding (UTF-8 with or without BOM, ISO-8859-1,
// ISO-8859-15, windows-1252, UTF-16 LE/BE) and the root element, and
// refuses what is not XML or not IATI with a *FileError. Next then streams
// one activity at a time (NextOrganisation for organisation files): the
// activity is held as a lossless Element tree (every element and attribute,
// foreign namespaces included) plus typed fields extracted once. Memory
// stays flat whatever the file size: only the current activity is held
// (bounded by Options.MaxActivityBytes), plus the set of identifiers seen
// for the duplicate check.
//
// IATI 2.01–2.03 is read natively. 1.0x data (a 1.x version on the root or
// on an activity, no version at all, or a bare <iati-activity> root) is
// converted to 2.03 form (see convert1x) and the file gets one
// "converted-1x" warning.
//
// # Problems
//
// Three tiers. A *FileError (not XML, not IATI, not well-formed anywhere)
// stops the file. An Error Problem (codes "blank-identifier",
// "duplicate-identifier") rejects one activity: Activity.Rejected is set
// and reading goes on. Warnings keep the activity and say where:
//
//	code-not-on-list, code-withdrawn   code lists per codelist-mapping.xml, vocabulary conditions included
//	percentage-sum, percentage-range   sectors per vocabulary; countries and regions together
//	date-order, date-future            end before start; actual and transaction dates after Options.Now
//	missing-currency                   a value with no @currency and no @default-currency
//	missing-value-date                 value/@value-date absent
//	element-order                      children out of schema order (once per parent; not for 1.x)
//	exponent-number, invalid-number    decimals as "1.5E6" (read exactly) or not numbers at all
//	invalid-date, invalid-datetime     iso-date="0", a space for the T, …
//	invalid-boolean, invalid-integer   other XSD datatypes
//	budget-period-too-long             a budget period over one year
//	budget-overlap                     budgets of one type whose periods overlap
//	budget-original-and-revised        original and revised budgets for the same period
//	missing-element, missing-attribute, too-many-elements
//	                                   required content per the XSD
//	unknown-element, unknown-attribute, unexpected-text
//	                                   content 2.03 has no place for (kept; see NSNotInSchema)
//	identifier-prefix, identifier-whitespace
//	invalid-character, undeclared-prefix
//
// File warnings (Reader.FileWarnings): converted-1x, missing-version,
// code-not-on-list (for the version), unknown-element (between records),
// no-records.
//
// Nothing is rescaled or fixed silently: values are kept as published.
//
// # Writing
//
// Activity.XML gives the canonical 2.03 form of one activity: children in
// schema order (tables generated from the XSD in testdata/schema, see
// schema_gen.go), exponent decimals in plain notation with the same exact
// value, its own namespace declarations. ActivityWriter wraps such
// fragments into a file; WriteOrganisationFile writes organisation files.
// Output validates against the 2.03 XSD wherever the data allows: required
// content the source lacks cannot be invented.
//
// Build and BuildOrganisation make trees from typed fields, for publishing
// the organisation's own data.
package iati
