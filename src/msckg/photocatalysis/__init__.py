"""Photocatalysis and characterization arithmetic: optical gaps, Nernst shifts, feasibility,
the redox ladder and mass-spectrometry isotope patterns.

It sits beside links and pathways: it reads graphs and query rows, and the build
calls ``derived.derived_quantities`` for the quantities it adds as derived.
"""
