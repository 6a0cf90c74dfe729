// Package sample embeds the project's own Azure-Sentinel-shaped sample
// corpus (fictional vendors, written for this project) and its small table
// reference file, so the generator runs on a fresh clone with no input.
package sample

import (
	"embed"
	"io/fs"
)

//go:embed all:corpus tables_reference.csv
var files embed.FS

// FS returns the sample tree, rooted where an Azure-Sentinel checkout is.
func FS() fs.FS {
	sub, err := fs.Sub(files, "corpus")
	if err != nil {
		panic(err) // the embedded folder is there by construction
	}
	return sub
}

// TablesReference returns the sample's table-reference CSV.
func TablesReference() ([]byte, error) {
	return files.ReadFile("tables_reference.csv")
}
