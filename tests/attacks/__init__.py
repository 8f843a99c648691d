"""Attacks that replay the reference's answers on the released checks' public inputs.

`recorder` (a pytest plugin) grades solutions/ in-process and records, keyed by a digest of
their arguments, what each probe observed and what each reference function returned.
`submissions` turns such a table into learner submissions that do no work of their own:
one whose functions look their arguments up in the table, and one that patches the probes
to return the recorded observations.
"""
