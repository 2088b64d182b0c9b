"""Helpers the tests share (functions, classes, constants), and the fixtures more than one
folder uses (fixtures.py, a plugin the root conftest registers). A folder's conftest.py holds
only its own fixtures; nothing imports a conftest."""
