package source

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/tailscale/hujson"
)

// MaxFileSize is the largest input file the generator loads; anything larger
// is reported and skipped so one runaway file cannot exhaust memory.
const MaxFileSize = 20 << 20

// MaxDepth is the deepest nesting of JSON objects and arrays accepted.
const MaxDepth = 200

// hujsonPlace reads the place out of hujson's error messages.
var hujsonPlace = regexp.MustCompile(`^hujson: line (\d+), column (\d+): (.*)$`)

// ParseError says where in which file a JSON document could not be read.
type ParseError struct {
	Path   string
	Line   int
	Column int
	Msg    string
	// Connectors are the ids of the connector definitions the file had
	// begun before the place it breaks (see salvageIDs).
	Connectors []string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s: line %d col %d: %s", e.Path, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// LoadJSON reads path from fsys and decodes it into plain Go values
// (map[string]any, []any, string, json.Number, bool, nil). It accepts a UTF-8
// byte-order mark, // and /* */ comments and trailing commas, as the real
// repository's files need. Errors are *ParseError.
func LoadJSON(fsys fs.FS, path string) (any, error) {
	info, err := fs.Lstat(fsys, path)
	if err != nil {
		return nil, &ParseError{Path: path, Msg: err.Error()}
	}
	if !info.Mode().IsRegular() {
		return nil, &ParseError{Path: path, Msg: "not a regular file (a symbolic link is not followed)"}
	}
	if info.Size() > MaxFileSize {
		return nil, &ParseError{Path: path, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit", info.Size(), MaxFileSize)}
	}
	raw, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, &ParseError{Path: path, Msg: err.Error()}
	}
	return DecodeJSON(path, raw)
}

// DecodeJSON is LoadJSON for bytes already in memory; path is only used in
// error messages.
func DecodeJSON(path string, raw []byte) (any, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, &ParseError{Path: path, Msg: "file is empty"}
	}
	if d := nestingDepth(raw); d > MaxDepth {
		return nil, &ParseError{Path: path, Msg: fmt.Sprintf("nested %d levels deep, over the limit of %d", d, MaxDepth)}
	}
	// Most files are standard JSON: decode them directly, and standardize
	// only the ones with comments or trailing commas.
	if v, err := decodeStandard(raw); err == nil {
		return v, nil
	}
	std, err := hujson.Standardize(raw)
	if err != nil {
		pe := &ParseError{Path: path, Msg: err.Error(), Connectors: salvageIDs(raw)}
		if m := hujsonPlace.FindStringSubmatch(err.Error()); m != nil {
			pe.Line, _ = strconv.Atoi(m[1])
			pe.Column, _ = strconv.Atoi(m[2])
			pe.Msg = m[3]
		}
		return nil, pe
	}
	v, err := decodeStandard(std)
	if err != nil {
		return nil, &ParseError{Path: path, Msg: err.Error(), Connectors: salvageIDs(std)}
	}
	return v, nil
}

// decodeStandard decodes one standard JSON document, keeping numbers as
// json.Number, and fails on anything after it. It gives what encoding/json's
// Decoder with UseNumber gives (FuzzDecodeJSON checks it against that), in
// 40% of the time: it reads tokens with jsontext, which parses the bytes in
// place, where encoding/json copies them and scans them twice. Decoding was
// the largest part of generate's time (30% at ten times the real size).
func decodeStandard(raw []byte) (any, error) {
	// As encoding/json does: the last of duplicate names wins, and invalid
	// UTF-8 in strings becomes U+FFFD.
	dec := jsontext.NewDecoder(bytes.NewBuffer(raw), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	v, err := readValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return nil, fmt.Errorf("data after the JSON document at offset %d", dec.InputOffset())
	}
	return v, nil
}

// readValue reads the next value as map[string]any, []any, string,
// json.Number, bool or nil.
func readValue(dec *jsontext.Decoder) (any, error) {
	switch dec.PeekKind() {
	case '{':
		if _, err := dec.ReadToken(); err != nil {
			return nil, err
		}
		m := make(map[string]any)
		for dec.PeekKind() != '}' {
			name, err := dec.ReadToken()
			if err != nil {
				return nil, err
			}
			key := name.String() // before the next read voids name
			v, err := readValue(dec)
			if err != nil {
				return nil, err
			}
			m[key] = v
		}
		_, err := dec.ReadToken()
		return m, err
	case '[':
		if _, err := dec.ReadToken(); err != nil {
			return nil, err
		}
		l := []any{}
		for dec.PeekKind() != ']' {
			v, err := readValue(dec)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		_, err := dec.ReadToken()
		return l, err
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case '"':
		return tok.String(), nil
	case '0':
		return json.Number(tok.String()), nil
	case 't', 'f':
		return tok.Bool(), nil
	case 'n':
		return nil, nil
	}
	return nil, fmt.Errorf("unexpected %s at offset %d", tok.Kind(), dec.InputOffset())
}

// nestingDepth returns the deepest bracket nesting outside strings, so a
// hostile file cannot drive the recursive decoders into a stack overflow.
// Most of a connector file is string text, which it skips with IndexByte.
func nestingDepth(raw []byte) int {
	depth, deepest := 0, 0
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '"':
			// Find the closing quote: one not escaped by an odd run of
			// backslashes.
			for {
				j := bytes.IndexByte(raw[i+1:], '"')
				if j < 0 {
					return deepest
				}
				i += 1 + j
				k := i - 1
				for k >= 0 && raw[k] == '\\' {
					k--
				}
				if (i-1-k)%2 == 0 {
					break
				}
			}
		case '{', '[':
			depth++
			deepest = max(deepest, depth)
		case '}', ']':
			depth--
		}
	}
	return deepest
}
