"""Grading submissions in isolation: staging, the sandboxed learner process, batches."""
