"""Converters: turn tester output files into WATS reports."""
