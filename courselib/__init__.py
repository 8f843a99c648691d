"""The course's helper library: data sets, seeding and training helpers.

Exercises, reference solutions and the grader all import it; learner code never imports the
grader.
"""
