"""Helpers the tests share (functions, classes, constants); the fixtures stay in conftest.py
files, which import what they need from here. Test files import from here, never from a
conftest."""
