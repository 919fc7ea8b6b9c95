package scenarios

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// schemaKeys lists the keys of type t under key as the README writes them:
// a.b for a key of a map of keys, a.<…> (here a.<>) for any key of a map,
// a[].b for a key of the items of a list. leaves are the keys that hold
// values; nodes are the keys that hold other keys.
func schemaKeys(t reflect.Type, key string, leaves, nodes map[string]bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Struct:
		if key != "" {
			nodes[key] = true
			key += "."
		}
		for i := 0; i < t.NumField(); i++ {
			schemaKeys(t.Field(i).Type, key+t.Field(i).Tag.Get("mapstructure"), leaves, nodes)
		}
	case t.Kind() == reflect.Map:
		nodes[key] = true
		schemaKeys(t.Elem(), key+".<>", leaves, nodes)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		nodes[key] = true
		schemaKeys(t.Elem(), key+"[]", leaves, nodes)
	default:
		leaves[key] = true
	}
}

var (
	readmeKey   = regexp.MustCompile("`([^`]+)`")
	placeholder = regexp.MustCompile(`<[^>]*>`)
)

// readmeKeys reads the keys in the first column of the table of scenario
// keys in README.md, each with the line it is on.
func readmeKeys(t *testing.T) map[string]int {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	start := slices.Index(lines, "## Scenario files")
	if start < 0 {
		t.Fatal(`README.md has no "## Scenario files" section`)
	}
	keys := map[string]int{}
	inTable := false
	for i, line := range lines[start:] {
		switch {
		case strings.HasPrefix(line, "| key |"):
			inTable = true
		case inTable && strings.HasPrefix(line, "|---"):
		case inTable && strings.HasPrefix(line, "| "):
			cell := strings.Split(line, "|")[1]
			for _, m := range readmeKey.FindAllStringSubmatch(cell, -1) {
				keys[placeholder.ReplaceAllString(m[1], "<>")] = start + i + 1
			}
		case inTable:
			return keys
		}
	}
	return keys
}

// The README's table of scenario keys and File, whose mapstructure tags
// spell the keys for the loader, agree: every key File has is in the table
// and every key in the table is one of File's.
func TestReadmeKeysAreTheSchema(t *testing.T) {
	leaves, nodes := map[string]bool{}, map[string]bool{}
	schemaKeys(reflect.TypeOf(File{}), "", leaves, nodes)
	keys := readmeKeys(t)
	if len(keys) < 20 {
		t.Fatalf("found %d keys in README.md's table of scenario keys: is the table there?", len(keys))
	}
	for _, k := range sortedMapKeys(leaves) {
		if _, ok := keys[k]; !ok {
			t.Errorf("README.md's table of scenario keys lacks %s", k)
		}
	}
	for _, k := range sortedMapKeys(keys) {
		if !leaves[k] && !nodes[k] {
			t.Errorf("README.md:%d: %s is not a scenario key (the keys are scenarios.File's mapstructure tags)", keys[k], k)
		}
	}
}
