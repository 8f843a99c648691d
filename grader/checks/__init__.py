"""One module of checks per chapter, named after it (ch03.py grades exercises/ch03)."""
