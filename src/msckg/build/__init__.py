"""The build: load the sources, check terms, provenance and quotes, validate with SHACL,
reason, apply the rules and write ``build/``. Nothing here imports the query side."""
