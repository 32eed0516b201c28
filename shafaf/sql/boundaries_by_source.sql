-- The package's own boundaries (regions.geojson, checked at load): at most one row; none when the package had none.
SELECT source, geojson
FROM boundaries
ORDER BY source
