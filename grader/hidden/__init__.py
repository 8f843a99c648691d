"""Hidden checks: grader/hidden/chNN.py, collected beside grader/checks/chNN.py.

They are written like any check (grader.check), run wherever the course grades (the
instructor's repository, `grade`, `grade-batch`, the Gradescope bundle) and are left out of
the student release. Their results.json entries carry Gradescope's `visibility` (default
after_published, see `grade --hidden-visibility`). Their reference outputs, if any, are
recorded into grader/hidden/recorded/, which the learner's process never sees.
"""
