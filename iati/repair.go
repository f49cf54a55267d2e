package iati

// FillRequiredText gives an activity the text elements IATI 2.03 requires
// and its source did not publish (title, description): each gets an empty
// narrative and a note in NSNotInSchema saying it was not published, so an
// export validates without inventing content. Nothing else is touched; it
// reports whether it changed the activity, which must happen before the
// first call to XML.
func FillRequiredText(a *Activity) bool {
	if a.Root == nil || a.xml != nil {
		return false
	}
	changed := false
	for _, name := range []string{"title", "description"} {
		if a.Root.Child(name) != nil {
			continue
		}
		e := NewElement(name)
		e.Add(NewElement("narrative"))
		note := &Element{Space: NSNotInSchema, Name: "note", Text: "The publisher's data has no " + name + "; devcoop added this empty one so the file validates."}
		e.Add(note)
		a.Root.Add(e)
		changed = true
	}
	return changed
}
