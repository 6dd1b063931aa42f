"""The graph on the web: linked-data pages, a query page, search, and the static site."""
