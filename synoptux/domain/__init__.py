"""Pure-Python domain: value objects and rules. Imports nothing else of ours."""
