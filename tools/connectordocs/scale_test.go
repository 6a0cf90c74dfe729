package main

import "github.com/sentinel-connector-docs/site/tools/scalegen"

func writeScale(dir string, n float64) error {
	_, err := scalegen.Write(dir, n, 1)
	return err
}
