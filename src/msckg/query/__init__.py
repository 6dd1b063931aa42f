"""The query side: the catalog of stored queries, the store interface (embedded Oxigraph or a
SPARQL 1.1 endpoint), the read-only server, result formats, describe and entity search."""
