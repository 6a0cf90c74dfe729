// Package source finds and reads the files of an Azure-Sentinel-shaped tree:
// solution folders, their connector folders (named "Data Connectors",
// "DataConnectors" or "Data Connector"), Data/Solution_*.json and
// SolutionMetadata.json. It decodes JSON leniently (byte-order marks,
// comments, trailing commas), resolves ARM template expressions against the
// template's own variables and parameter defaults, and sorts what each file
// holds into connector definitions and their companions (data collection
// rules, polling configurations, table definitions, function apps).
//
// It knows nothing about pages or Hugo; the catalog package turns what it
// finds into the site's model.
package source
