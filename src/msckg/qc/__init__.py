"""Ontology quality control: the OWL 2 DL profile of every build part (OWL API) and
ROBOT-report-style checks as stored violation queries (queries/qc/)."""
