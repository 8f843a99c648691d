"""Chapter 1: the Python a deep-learning course relies on.

Container types (NumPy arrays, tensors) and what assignment really does to them; classes,
inheritance and overriding with a Point and a Circle drawn on matplotlib axes; and instances
that can be called like functions.
"""
