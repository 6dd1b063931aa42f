"""The store-native build for large graphs (``msckg build --reasoner rl``).

Every step reads and writes one pyoxigraph store instead of rdflib graphs: the
files are parsed by pyoxigraph, the term, provenance and quote checks are
SPARQL over the store, the OWL 2 RL closure (reasonable) and the rules of
queries/rules/ are fed from it, inferred triples go into one named graph per
derivation, and the outputs are streamed from it in sorted order. The DL path
(``pipeline.build``) is the reference it is tested against on the review.
"""
