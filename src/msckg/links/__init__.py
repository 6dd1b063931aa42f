"""Links to other vocabularies: SSSOM mappings, link reports, import and export."""
