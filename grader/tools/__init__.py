"""The instructor's tools: sync, recorded reference outputs, release, Gradescope, benchmark."""
